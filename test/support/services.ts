import { eventually, RunningProcess, startProcess } from './child-process';
import { freePort } from './ports';

export type ServiceName = 'match-command' | 'outbox-relay' | 'rankings-query' | 'rankings-projector';

const PORT_VARIABLE: Record<ServiceName, string> = {
  'match-command': 'COMMAND_PORT',
  'outbox-relay': 'RELAY_PORT',
  'rankings-query': 'QUERY_PORT',
  'rankings-projector': 'PROJECTOR_PORT',
};

export interface RunningService extends RunningProcess {
  url: string;
}

/**
 * Runs one service from the compiled output (`npm test` builds first) on a free port and
 * waits until its liveness probe answers 200 (tests assert readiness and health themselves).
 */
export async function startService(name: ServiceName, env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<RunningService> {
  const port = await freePort();
  const running = startProcess('node', [`dist/apps/${name}/src/main.js`], { ...env, [PORT_VARIABLE[name]]: String(port) });
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    async () => {
      if (running.child.exitCode !== null) throw new Error(`${name} exited with ${running.child.exitCode}`);
      return (await fetch(`${url}/health/live`)).ok ? true : undefined;
    },
    timeoutMs,
    `${name} to answer /health/live`,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n--- ${name} output ---\n${running.output().slice(-4000)}`);
  });
  return { ...running, url };
}
