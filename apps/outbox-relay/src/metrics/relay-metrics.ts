import type { OnApplicationShutdown } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Metric, type Registry } from 'prom-client';
import { metricsRegistry } from '@app/observability';

/**
 * The relay's Prometheus metrics (CONTRACT §4 names the two gauges). They live in the
 * process registry that `/metrics` serves; `unregister()` removes them again so a test can
 * start a second relay in the same process after the first one closed.
 */
export class RelayMetrics implements OnApplicationShutdown {
  readonly backlog = new Gauge({ name: 'outbox_backlog_events', help: 'Unpublished outbox rows', registers: [] });
  readonly oldestAge = new Gauge({
    name: 'outbox_oldest_unpublished_age_seconds',
    help: 'Age of the oldest unpublished outbox row (0 when none)',
    registers: [],
  });
  readonly published = new Counter({
    name: 'outbox_published_total',
    help: 'Outbox events acknowledged by Kafka and marked published',
    registers: [],
  });
  readonly failures = new Counter({
    name: 'outbox_publish_failures_total',
    help: 'Failed publish attempts (each is retried with backoff)',
    registers: [],
  });
  /**
   * From the writing transaction's start (`outbox.created_at`, the closest the schema has
   * to its commit time) to Kafka's acknowledgement: an upper bound of commit → ack.
   */
  readonly latency = new Histogram({
    name: 'outbox_publish_latency_seconds',
    help: 'Outbox write (transaction start) to Kafka acknowledgement',
    // Fine up to 100 ms: the target is a 20 ms p99 (issue 13), read off these buckets by the
    // benchmark, which must tell 19 ms from 21 ms and a near miss (30 ms) from a far one.
    buckets: [
      0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.0125, 0.015, 0.0175, 0.02, 0.025, 0.03, 0.04, 0.05, 0.075, 0.1, 0.15, 0.25,
      0.5, 1, 2.5, 5, 10, 30,
    ],
    registers: [],
  });
  readonly leader = new Gauge({ name: 'outbox_relay_leader', help: '1 while this instance is the publishing leader', registers: [] });
  readonly degraded = new Gauge({ name: 'outbox_relay_degraded', help: '1 while Postgres or Kafka is unreachable', registers: [] });

  private readonly all: Metric[] = [this.backlog, this.oldestAge, this.published, this.failures, this.latency, this.leader, this.degraded];

  constructor(private readonly registry: Registry = metricsRegistry) {
    for (const metric of this.all) {
      const { name } = metric as unknown as { name: string };
      if (registry.getSingleMetric(name)) throw new Error(`metric ${name} is already registered: one relay per process`);
      registry.registerMetric(metric);
    }
  }

  observeAcknowledged(createdAt: Date[], now = Date.now()): void {
    this.published.inc(createdAt.length);
    for (const at of createdAt) this.latency.observe(Math.max(0, now - at.getTime()) / 1000);
  }

  onApplicationShutdown(): void {
    this.unregister();
  }

  unregister(): void {
    for (const metric of this.all) this.registry.removeSingleMetric((metric as unknown as { name: string }).name);
  }
}
