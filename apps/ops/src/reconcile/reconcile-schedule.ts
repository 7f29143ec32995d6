import { setTimeout as sleep } from 'node:timers/promises';
import { EXIT } from '../cli/exit-codes';
import type { CommandOutcome, Output } from '../cli/output';
import type { OpsContext } from '../context/ops-context';
import { DriftMetrics } from './drift-metrics';
import { reconcileOnce } from './reconcile-once';

export interface ScheduleOptions {
  repair: boolean;
  everyMs: number;
  metricsPort?: number;
}

/**
 * `reconcile --every`: the periodic consistency check the design asks for. Each run prints
 * its outcome and sets the drift gauge; a run that cannot compare (a store down) is
 * counted as failed and the next run tries again. SIGINT / SIGTERM end the current wait,
 * never a run halfway through a repair, and the command exits 0.
 */
export async function reconcileEvery(context: OpsContext, options: ScheduleOptions, output: Output): Promise<CommandOutcome> {
  // Loaded here, not at the top: it starts dd-trace (for DogStatsD), which only this long-lived mode needs.
  const { statsd } = await import('@app/observability');
  const metrics = new DriftMetrics(statsd);
  const server = options.metricsPort !== undefined ? await metrics.serve(options.metricsPort) : null;
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  output.note(`reconcile: every ${options.everyMs / 1000}s${server ? `, drift gauge on http://0.0.0.0:${server.port}/metrics` : ''}`);
  let runs = 0;
  try {
    while (!stop.signal.aborted) {
      try {
        const run = await reconcileOnce(context, options.repair, output);
        output.outcome('reconcile', run.outcome);
        metrics.recordRun(run.remaining);
      } catch (error) {
        output.failure('reconcile', error);
        metrics.recordFailure();
      }
      runs++;
      await sleep(options.everyMs, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await server?.close();
  }
  return { exitCode: EXIT.ok, summary: { runs }, lines: [`reconcile: stopped after ${runs} runs`] };
}
