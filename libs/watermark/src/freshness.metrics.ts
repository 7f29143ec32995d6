import { Gauge } from 'prom-client';
import { metricsRegistry, statsd } from '@app/observability';

const GAUGE = 'projection_freshness_lag_seconds';

const lagGauge =
  (metricsRegistry.getSingleMetric(GAUGE) as Gauge | undefined) ??
  new Gauge({
    name: GAUGE,
    help: 'How far the stored projection is behind the newest published event (CONTRACT §4)',
    labelNames: ['projection'],
    registers: [metricsRegistry],
  });

/** Publishes one projection's lag to Prometheus and DogStatsD. */
export function reportFreshnessLag(projection: string, lagMs: number): void {
  lagGauge.set({ projection }, lagMs / 1000);
  statsd.gauge('rankings.projection.freshness_lag_ms', lagMs, { projection });
}

const BEHIND = 'projection_events_behind';

const behindGauge =
  (metricsRegistry.getSingleMetric(BEHIND) as Gauge | undefined) ??
  new Gauge({
    name: BEHIND,
    help: 'Events on the topic the projection has not stored yet: its consumer group\'s lag, summed over partitions (falls at the catch-up rate)',
    labelNames: ['projection'],
    registers: [metricsRegistry],
  });

/** Publishes how many events one projection has not stored yet (as last read from Kafka). */
export function reportEventsBehind(projection: string, events: number): void {
  behindGauge.set({ projection }, events);
  statsd.gauge('rankings.projection.events_behind', events, { projection });
}
