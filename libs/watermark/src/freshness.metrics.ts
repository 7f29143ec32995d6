import { Gauge } from 'prom-client';
import { metricsRegistry, statsd } from '@app/observability';

/** One gauge per name in the shared registry, whichever module asks first. */
function projectionGauge(name: string, help: string): Gauge {
  return (
    (metricsRegistry.getSingleMetric(name) as Gauge | undefined) ??
    new Gauge({ name, help, labelNames: ['projection'], registers: [metricsRegistry] })
  );
}

const lagGauge = projectionGauge('projection_freshness_lag_seconds', 'How far the stored projection is behind the newest published event (CONTRACT §4)');

const behindGauge = projectionGauge(
  'projection_events_behind',
  "Events on the topic the projection has not stored yet: its consumer group's lag, summed over partitions (falls at the catch-up rate)",
);

/** Publishes one projection's lag to Prometheus and DogStatsD. */
export function reportFreshnessLag(projection: string, lagMs: number): void {
  lagGauge.set({ projection }, lagMs / 1000);
  statsd.gauge('rankings.projection.freshness_lag_ms', lagMs, { projection });
}

/** Publishes how many events one projection has not stored yet (as last read from Kafka). */
export function reportEventsBehind(projection: string, events: number): void {
  behindGauge.set({ projection }, events);
  statsd.gauge('rankings.projection.events_behind', events, { projection });
}
