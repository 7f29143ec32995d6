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
