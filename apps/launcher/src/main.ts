import path from 'node:path';
import { concurrently, ConcurrentlyResult } from 'concurrently';
import { loadConfigOrExit } from '@app/config';
import { PlannedProcess, planProcesses } from './process-plan';
import { waitForPort } from './wait-for-port';

/**
 * `npm start`: the whole system on one machine. Stand-ins start first and the services
 * once the stand-ins listen; every line is prefixed with its process name; a process that
 * dies is restarted (the services heal from outages on their own, but a crash must not
 * leave a hole in the stack); Ctrl-C / SIGTERM stops everything.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const root = path.resolve(__dirname, '../../../..');
  const plan = planProcesses(process.env, config, root);
  if (config.usingDevKey) console.warn('[launcher] API_KEYS is not set: the key "dev-key" (write+admin) is accepted');

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      // concurrently forwards the signal; this only bounds a child that will not stop.
      setTimeout(() => process.exit(1), 20_000).unref();
    });
  }

  const runs: ConcurrentlyResult[] = [];
  if (plan.standIns.length > 0) {
    runs.push(run(plan.standIns, root));
    await Promise.all(plan.standIns.map((p) => (p.readyPort ? waitForPort(p.readyPort, 30_000) : Promise.resolve())));
  }
  if (stopping) return;
  runs.push(run(plan.services, root));
  const results = await Promise.allSettled(runs.map((r) => r.result));
  process.exitCode = stopping || results.every((r) => r.status === 'fulfilled') ? 0 : 1;
}

function run(processes: PlannedProcess[], root: string): ConcurrentlyResult {
  return concurrently(
    processes.map((p) => ({ name: p.name, command: `node ${p.entry}`, cwd: root, env: { ...process.env, ...p.env } })),
    {
      prefix: '[{name}]',
      padPrefix: true,
      prefixColors: ['cyan', 'magenta', 'green', 'yellow', 'blue'],
      restartTries: -1,
      restartDelay: 2000,
      killSignal: 'SIGTERM',
      killTimeout: 10_000,
      handleInput: false,
    },
  );
}

main().catch((error: unknown) => {
  console.error('[launcher] failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
