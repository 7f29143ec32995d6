import { withTimeout } from '@app/ports';

type Step = { label: string; run: () => Promise<void> | void };

/**
 * Everything a scenario starts registers how to undo it here (processes, databases,
 * Redis keys). Steps run last-in first-out, each bounded in time, each failure logged and
 * skipped so one stuck step cannot leave the rest behind.
 */
export class Cleanup {
  private steps: Step[] = [];
  private running: Promise<void> | null = null;

  add(label: string, run: Step['run']): void {
    this.steps.push({ label, run });
  }

  /** Idempotent: a Ctrl-C during a normal cleanup waits for it instead of starting over. */
  run(log: (message: string) => void = () => undefined): Promise<void> {
    this.running ??= this.runSteps(log);
    return this.running;
  }

  private async runSteps(log: (message: string) => void): Promise<void> {
    while (this.steps.length > 0) {
      const step = this.steps.pop() as Step;
      try {
        await withTimeout(Promise.resolve(step.run()), 20_000, step.label);
      } catch (error) {
        log(`cleanup "${step.label}" failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.running = null;
  }
}

/**
 * Ctrl-C / SIGTERM: undo everything, then exit 130. A second Ctrl-C while cleaning up is
 * ignored on purpose: leaving a half-dropped database behind is worse than waiting.
 */
export function cleanUpOnSignals(runCleanup: () => Promise<void>, log: (message: string) => void): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log(`\n${signal}: stopping the benchmark and cleaning up...`);
      void runCleanup().finally(() => process.exit(130));
    });
  }
}
