import { existsSync } from 'node:fs';
import path from 'node:path';
import { eventually, freePort, REPO_ROOT, startProcess, type RunningProcess } from '@test/support';
import { relayEnv, type RelayTarget } from './relay-env';

export const RELAY_MAIN = 'dist/apps/outbox-relay/src/main.js';

export interface RelayProcess extends RunningProcess {
  url: string;
  /** `kill -9`: no shutdown hook runs, the in-flight batch is cut wherever it is. */
  kill9(): Promise<void>;
}

/** Runs the compiled relay (`npm run build` first; `npm test` does) as a child process. */
export async function startRelayProcess(target: RelayTarget, extra: Record<string, string> = {}): Promise<RelayProcess> {
  if (!existsSync(path.join(REPO_ROOT, RELAY_MAIN))) throw new Error(`${RELAY_MAIN} is missing: run \`npm run build\` first`);
  const port = await freePort();
  const running = startProcess('node', [RELAY_MAIN], relayEnv(target, { RELAY_PORT: String(port), ...extra }));
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    async () => {
      if (running.child.exitCode !== null) throw new Error(`relay exited with ${running.child.exitCode}`);
      return (await fetch(`${url}/health`)).ok ? true : undefined;
    },
    20_000,
    'the relay to answer /health',
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n--- relay output ---\n${running.output().slice(-3000)}`);
  });
  return {
    ...running,
    url,
    async kill9() {
      running.child.kill('SIGKILL');
      await running.exited;
    },
  };
}

export async function roleOf(relay: RelayProcess): Promise<'leader' | 'standby' | 'down'> {
  try {
    const body = (await (await fetch(`${relay.url}/health`)).json()) as { details: { relay: { role: 'leader' | 'standby' } } };
    return body.details.relay.role;
  } catch {
    return 'down';
  }
}
