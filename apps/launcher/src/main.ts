import path from 'node:path';
import { loadConfigOrExit } from '@app/config';
import { stopWithParent, waitForPort } from '@app/ports';
import { planProcesses } from './process-plan';
import { Supervisor } from './supervisor';

stopWithParent();

/**
 * `npm start`: the whole system on one machine. Stand-ins start first and the services
 * once the stand-ins listen; every line is prefixed with its process name; a process that
 * dies is restarted (the services heal from outages on their own, but a crash must not
 * leave a hole in the stack); Ctrl-C / SIGTERM stops everything, each process once.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const root = path.resolve(__dirname, '../../../..');
  const plan = planProcesses(process.env, config, root, process.stdout.isTTY === true);
  if (config.usingDevKey) console.warn('[launcher] API_KEYS is not set: the key "dev-key" (write+admin) is accepted');

  const supervisor = new Supervisor(root);
  // `on`, not `once`: a repeated Ctrl-C must not kill the launcher and orphan its children.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => supervisor.stop(signal));

  if (plan.standIns.length > 0) {
    supervisor.run(plan.standIns);
    const ready = Promise.all(plan.standIns.map((p) => (p.readyPort ? waitForPort(p.readyPort, 30_000) : Promise.resolve())));
    await Promise.race([ready, supervisor.stopped]).catch((error: unknown) => {
      // Children live in their own process groups: never exit without stopping them.
      console.error(`[launcher] a stand-in did not start: ${error instanceof Error ? error.message : String(error)}`);
      supervisor.stop('SIGTERM');
      process.exitCode = 1;
    });
  }
  if (!supervisor.stopping) supervisor.run(plan.services);
  const code = await supervisor.stopped;
  process.exitCode ||= code;
}

main().catch((error: unknown) => {
  console.error('[launcher] failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
