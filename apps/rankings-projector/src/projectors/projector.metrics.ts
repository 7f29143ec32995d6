import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { metricsRegistry } from '@app/observability';

/** One instance per registry; several apps in one test process share it. */
function once<T>(name: string, create: (registry: Registry) => T): T {
  return (metricsRegistry.getSingleMetric(name) as T | undefined) ?? create(metricsRegistry);
}

/** A histogram per projection. */
function histogram(name: string, help: string, buckets: number[]): Histogram<'projection'> {
  return once(name, (r) => new Histogram({ name, help, labelNames: ['projection'], buckets, registers: [r] }));
}

export const projectorMetrics = {
  eventsApplied: once('projection_events_applied_total', (r) =>
    new Counter({ name: 'projection_events_applied_total', help: 'Events stored by a projection', labelNames: ['projection'], registers: [r] }),
  ),
  eventsIgnored: once('projection_events_ignored_total', (r) =>
    new Counter({
      name: 'projection_events_ignored_total',
      help: 'Well-formed events skipped: unknown type or newer schema version',
      labelNames: ['projection', 'type'],
      registers: [r],
    }),
  ),
  deadLettered: once('projection_events_dead_lettered_total', (r) =>
    new Counter({ name: 'projection_events_dead_lettered_total', help: 'Invalid messages sent to the DLQ', labelNames: ['projection'], registers: [r] }),
  ),
  storeFailures: once('projection_store_failures_total', (r) =>
    new Counter({ name: 'projection_store_failures_total', help: 'Failed attempts to store a batch', labelNames: ['projection'], registers: [r] }),
  ),
  storeWriteSeconds: histogram(
    'projection_store_write_seconds',
    'Time from handing a batch to the store to its acknowledgement (the attempt that succeeded)',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  ),
  batchEvents: histogram('projection_batch_events', 'Events per batch a store acknowledged', [1, 2, 5, 10, 25, 50, 100, 250, 1000, 2500, 5000]),
  breakerOpen: once('projection_breaker_open', (r) =>
    new Gauge({ name: 'projection_breaker_open', help: '1 while the store circuit breaker is not closed', labelNames: ['projection'], registers: [r] }),
  ),
};
