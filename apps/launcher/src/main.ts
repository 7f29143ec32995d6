import path from 'node:path';
import { Command, concurrently, ConcurrentlyResult } from 'concurrently';
import { loadConfigOrExit } from '@app/config';
import { waitForPort } from '@app/ports';
import { PlannedProcess, planProcesses } from './process-plan';

const RESTART_DELAY_MS = 2000;
const STOP_GRACE_MS = 20_000;

/**
 * `npm start`: the whole system on one machine. Stand-ins start first and the services
 * once the stand-ins listen; every line is prefixed with its process name; a process that
 * dies is restarted (the services heal from outages on their own, but a crash must not
 * leave a hole in the stack); Ctrl-C / SIGTERM stops everything.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const root = path.resolve(__dirname, '../../../..');
  const plan = planProcesses(process.env, config, root, process.stdout.isTTY === true);
  if (config.usingDevKey) console.warn('[launcher] API_KEYS is not set: the key "dev-key" (write+admin) is accepted');

  const supervisor = new Supervisor(root);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => supervisor.stop());

  if (plan.standIns.length > 0) {
    supervisor.run(plan.standIns);
    await Promise.all(plan.standIns.map((p) => (p.readyPort ? waitForPort(p.readyPort, 30_000) : Promise.resolve())));
  }
  if (!supervisor.stopping) supervisor.run(plan.services);
  await supervisor.stopped;
}

/**
 * concurrently spawns, prefixes and forwards signals; the restart decision stays here,
 * because only the launcher knows whether an exit is a crash or part of stopping (a
 * service killed by the stop signal must not be restarted behind the user's back).
 */
class Supervisor {
  stopping = false;
  readonly stopped: Promise<void>;
  private resolveStopped!: () => void;
  private readonly commands: Command[] = [];

  constructor(private readonly root: string) {
    this.stopped = new Promise((resolve) => (this.resolveStopped = resolve));
  }

  run(processes: PlannedProcess[]): void {
    const result: ConcurrentlyResult = concurrently(
      // `exec`: the shell is replaced by node, so signals reach the service itself.
      processes.map((p) => ({
        name: p.name,
        command: `exec node ${p.entry}`,
        cwd: this.root,
        env: { ...process.env, ...p.env },
      })),
      { prefix: '[{name}]', padPrefix: true, prefixColors: ['cyan', 'magenta', 'green', 'yellow', 'blue'], handleInput: false },
    );
    result.result.catch(() => undefined); // exits are handled per command below
    for (const command of result.commands) {
      this.commands.push(command);
      command.close.subscribe(({ exitCode }) => this.onExit(command, exitCode));
    }
  }

  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    // concurrently forwards the signal to every child; this bounds one that will not stop.
    setTimeout(() => {
      for (const command of this.commands) if (!command.exited) command.kill('SIGKILL');
      process.exitCode = 1;
      this.resolveStopped();
    }, STOP_GRACE_MS).unref();
    this.resolveIfAllExited();
  }

  private onExit(command: Command, exitCode: string | number): void {
    if (this.stopping) return this.resolveIfAllExited();
    console.error(`[launcher] ${command.name} exited (${exitCode}); restarting in ${RESTART_DELAY_MS} ms`);
    setTimeout(() => {
      if (!this.stopping) command.start();
    }, RESTART_DELAY_MS);
  }

  private resolveIfAllExited(): void {
    if (this.commands.every((c) => c.exited || c.state === 'stopped')) this.resolveStopped();
  }
}

main().catch((error: unknown) => {
  console.error('[launcher] failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
