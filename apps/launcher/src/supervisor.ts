import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { PlannedProcess } from './process-plan';

const RESTART_DELAY_MS = 2000;
const STOP_GRACE_MS = 20_000;
const COLORS = [36, 35, 32, 33, 34];

interface Supervised {
  plan: PlannedProcess;
  child: ChildProcess | null;
  color: number;
}

/**
 * Runs the stack's processes, prefixes their output, restarts one that dies, and stops
 * them all with ONE signal path. Each child runs in its own process group, so the
 * terminal's Ctrl-C (SIGINT to the foreground group) reaches only npm and the launcher;
 * the launcher then sends each child SIGTERM exactly once. Before, a service got SIGINT
 * from the terminal and again from the launcher, and a second signal could cut its
 * graceful shutdown short. A launcher killed with SIGKILL cannot forward anything: each
 * child has an IPC channel to it instead, and stops itself (as on SIGTERM) when that
 * channel closes, so no child outlives the launcher holding its port.
 */
export class Supervisor {
  stopping = false;
  readonly stopped: Promise<number>;
  private resolveStopped!: (code: number) => void;
  private readonly processes: Supervised[] = [];
  private width = 0;

  constructor(
    private readonly root: string,
    private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {
    this.stopped = new Promise((resolve) => (this.resolveStopped = resolve));
  }

  run(plans: PlannedProcess[]): void {
    for (const plan of plans) {
      const supervised: Supervised = { plan, child: null, color: COLORS[this.processes.length % COLORS.length] };
      this.processes.push(supervised);
      this.width = Math.max(this.width, plan.name.length);
      this.start(supervised);
    }
  }

  /** The first SIGINT/SIGTERM/SIGHUP stops everything; repeats (npm forwards the terminal's too) change nothing. */
  stop(signal: NodeJS.Signals): void {
    if (this.stopping) {
      this.log(`[launcher] ${signal} again: already stopping (each process got SIGTERM once; SIGKILL after ${STOP_GRACE_MS / 1000} s)`);
      return;
    }
    this.stopping = true;
    this.log(`[launcher] ${signal}: stopping every process with SIGTERM`);
    for (const { child } of this.processes) if (isRunning(child)) child!.kill('SIGTERM');
    setTimeout(() => {
      for (const { plan, child } of this.processes) {
        if (!isRunning(child)) continue;
        this.log(`[launcher] ${plan.name} did not stop within ${STOP_GRACE_MS / 1000} s: SIGKILL`);
        child!.kill('SIGKILL');
      }
      this.resolveStopped(1);
    }, STOP_GRACE_MS).unref();
    this.resolveIfAllExited();
  }

  private start(supervised: Supervised): void {
    const { plan } = supervised;
    const child = spawn(process.execPath, [plan.entry], {
      cwd: this.root,
      env: { ...process.env, ...plan.env },
      // The channel is how a child notices the launcher is gone, even killed with SIGKILL:
      // it then stops itself (stopWithParent in @app/ports).
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      detached: true, // its own process group: see the class comment
    });
    supervised.child = child;
    this.prefix(supervised, child.stdout!, process.stdout);
    this.prefix(supervised, child.stderr!, process.stderr);
    child.once('error', (error) => this.log(`[launcher] ${plan.name} could not start: ${error.message}`));
    child.once('exit', (code, signal) => this.onExit(supervised, code, signal));
  }

  private prefix(supervised: Supervised, from: NodeJS.ReadableStream, to: NodeJS.WriteStream): void {
    const name = `[${supervised.plan.name}]`.padEnd(this.width + 2);
    const label = to.isTTY ? `\u001b[${supervised.color}m${name}\u001b[0m` : name;
    createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => to.write(`${label} ${line}\n`));
  }

  private onExit(supervised: Supervised, code: number | null, signal: NodeJS.Signals | null): void {
    const { plan } = supervised;
    const how = signal ?? `code ${code}`;
    if (this.stopping) {
      this.log(`[launcher] ${plan.name} stopped (${how})`);
      return this.resolveIfAllExited();
    }
    this.log(`[launcher] ${plan.name} exited (${signal ?? code}); restarting in ${RESTART_DELAY_MS} ms`);
    setTimeout(() => {
      if (!this.stopping) this.start(supervised);
    }, RESTART_DELAY_MS);
  }

  private resolveIfAllExited(): void {
    if (this.processes.every(({ child }) => !isRunning(child))) this.resolveStopped(0);
  }
}

function isRunning(child: ChildProcess | null): boolean {
  return child !== null && child.exitCode === null && child.signalCode === null;
}
