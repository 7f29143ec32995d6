import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from '@app/observability';

/**
 * applied: changed state and wrote an event; replayed: an idempotent repeat, nothing
 * written; rejected: refused with a 4xx (validation, unknown reference, conflict);
 * failed: our fault (5xx).
 */
export type CommandOutcome = 'applied' | 'replayed' | 'rejected' | 'failed';

const commandsTotal = new Counter({
  name: 'commands_total',
  help: 'Write commands handled, by command and outcome',
  labelNames: ['command', 'outcome'] as const,
  registers: [metricsRegistry],
});

const commandDuration = new Histogram({
  name: 'command_duration_seconds',
  help: 'Time to validate, decide and commit a write command, by command and outcome',
  labelNames: ['command', 'outcome'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
});

/** `startedAt` is unknown only for a request refused before its command began (a refused connection). */
export function observeCommand(command: string, outcome: CommandOutcome, startedAt: bigint | undefined): void {
  commandsTotal.inc({ command, outcome });
  if (startedAt !== undefined) commandDuration.observe({ command, outcome }, Number(process.hrtime.bigint() - startedAt) / 1e9);
}
