import { createServer, Server } from 'node:http';
import { Counter, Gauge, Registry } from 'prom-client';
import type { Drift } from './drift';

export interface DogStatsD {
  gauge(name: string, value: number, tags: Record<string, string>): void;
  increment(name: string, value: number, tags: Record<string, string>): void;
}

/** Every (store, model) reconcile compares: each gets a series, 0 included, so an alert can tell "clean" from "never ran". */
export const COMPARED_MODELS: ReadonlyArray<readonly [Drift['store'], string]> = [
  ['elasticsearch', 'athlete'],
  ['elasticsearch', 'rankings'],
  ['redis', 'athlete'],
  ['redis', 'leaderboard'],
  ['redis', 'division-stats'],
];

/**
 * The drift gauge of `ops reconcile --every`: Prometheus on a small port of its own
 * (`--metrics-port`, job `reconcile` in monitoring/scrape-targets.ts) and the same figures
 * over DogStatsD when an agent is configured (DD_AGENT_HOST), for the Datadog monitors.
 */
export class DriftMetrics {
  readonly registry = new Registry();

  /** `statsd` of @app/observability, passed in so one-shot commands need not load the tracer. */
  constructor(private readonly statsd: DogStatsD) {}

  private readonly drift = new Gauge({
    name: 'reconcile_drift_entries',
    help: 'Differences between the read models and Postgres found by the last reconcile run',
    labelNames: ['store', 'model'],
    registers: [this.registry],
  });
  private readonly lastRun = new Gauge({
    name: 'reconcile_last_run_timestamp_seconds',
    help: 'When the last reconcile run finished (successfully compared)',
    registers: [this.registry],
  });
  private readonly runs = new Counter({
    name: 'reconcile_runs_total',
    help: 'Reconcile runs by outcome (clean, drift, failed)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  recordRun(drifts: Drift[], finishedAt = Date.now()): void {
    for (const [store, model] of COMPARED_MODELS) {
      const count = drifts.filter((d) => d.store === store && d.model === model).length;
      this.drift.set({ store, model }, count);
      this.statsd.gauge('rankings.reconcile.drift_entries', count, { store, model });
    }
    this.lastRun.set(finishedAt / 1000);
    const outcome = drifts.length ? 'drift' : 'clean';
    this.runs.inc({ outcome });
    this.statsd.increment('rankings.reconcile.runs', 1, { outcome });
  }

  /** A failed run keeps the last figures (a store outage is not drift) and counts the failure. */
  recordFailure(): void {
    this.runs.inc({ outcome: 'failed' });
    this.statsd.increment('rankings.reconcile.runs', 1, { outcome: 'failed' });
  }

  /** Serves `/metrics` on `port` (0 picks one); resolves with the bound port. */
  async serve(port: number, host = '0.0.0.0'): Promise<{ port: number; close(): Promise<void> }> {
    const server: Server = createServer((request, response) => {
      if (request.url !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
    const bound = (server.address() as { port: number }).port;
    return { port: bound, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }
}
