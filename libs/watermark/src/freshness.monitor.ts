import type { Logger } from 'pino';
import { withTimeout } from '@app/ports';
import { reportEventsBehind, reportFreshnessLag } from './freshness.metrics';
import { freshnessLagMs, PendingEventsTracker } from './pending-events';
import type { SourceProgress } from './source-progress';

export type ProjectionStatus = 'live' | 'stale' | 'paused' | 'rebuilding';
export type BreakerState = 'closed' | 'open' | 'half-open';

/** CONTRACT §4 `GET /projections` item. */
export interface ProjectionReport {
  name: string;
  status: ProjectionStatus;
  lastEventOccurredAt: string | null;
  lastAppliedAt: string | null;
  freshnessLagMs: number;
  breaker: BreakerState;
}

/** What a projection's store says about itself, read back from the store (report fields only). */
export interface StoredProgress {
  newestOccurredAt: number | null;
  appliedAt: number | null;
}

/** The projection as the monitor sees it: its store, its consumer group and, in the projector process, its consumer. */
export interface MonitoredProjection {
  readonly name: string;
  /** The consumer group whose committed offsets say what the store has acknowledged. */
  readonly groupId: string;
  readWatermark(): Promise<StoredProgress>;
  isRebuilding(): Promise<boolean>;
  /** The store breaker's state; a process that does not write reports 'closed'. */
  breaker(): BreakerState;
  /** Per partition, commit time of the oldest message this process holds unstored (empty where it consumes nothing). */
  heldSince(): ReadonlyMap<number, number>;
}

export interface FreshnessMonitorOptions {
  projection: MonitoredProjection;
  sources: SourceProgress;
  slaMs: number;
  intervalMs: number;
  /** A source or store read slower than this counts as unreadable. */
  readTimeoutMs: number;
  logger: Logger;
}

/**
 * Every interval, measures the projection's lag (CONTRACT §4) from the sources of record:
 * the outbox in Postgres and the topic's offsets against the projection's committed ones.
 * A source that cannot answer is not assumed fresh: the lag keeps growing from the last
 * measurement. The last report is what /projections, /health and the gauges show.
 */
export class FreshnessMonitor {
  private readonly tracker = new PendingEventsTracker();
  private lagMs = 0;
  private measuredAt: number | null = null;
  private stored: StoredProgress = { newestOccurredAt: null, appliedAt: null };
  private rebuilding = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private storeSide: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: FreshnessMonitorOptions) {}

  get name(): string {
    return this.options.projection.name;
  }

  /** Starts checking every interval; a monitor once stopped stays stopped (a late start is a no-op). */
  start(): void {
    if (this.stopped || this.timer) return;
    const tick = () => {
      this.running = this.check().finally(() => (this.running = null));
    };
    tick();
    this.timer = setInterval(() => this.running ?? tick(), this.options.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.storeSide;
  }

  /** Closes the Kafka admin connection the sources hold (shared sources tolerate a repeat). */
  async closeSources(): Promise<void> {
    await this.options.sources.close().catch(() => undefined);
  }

  report(): ProjectionReport {
    const breaker = this.options.projection.breaker();
    const status: ProjectionStatus =
      breaker !== 'closed' ? 'paused' : this.isPastSla() ? 'stale' : this.rebuilding ? 'rebuilding' : 'live';
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      name: this.name,
      status,
      lastEventOccurredAt: iso(this.stored.newestOccurredAt),
      lastAppliedAt: iso(this.stored.appliedAt),
      freshnessLagMs: this.lagMs,
      breaker,
    };
  }

  isPastSla(): boolean {
    return this.lagMs > this.options.slaMs;
  }

  async check(now = Date.now()): Promise<void> {
    const { projection, sources, readTimeoutMs, logger } = this.options;
    try {
      const [partitions, outboxOldestAgeMs] = await withTimeout(
        Promise.all([sources.partitions(projection.groupId), sources.outboxOldestAgeMs()]),
        readTimeoutMs,
        'freshness sources read',
      );
      const held = projection.heldSince();
      const observed = partitions.map((p) => ({ ...p, heldSince: held.get(p.partition) ?? null }));
      this.lagMs = freshnessLagMs({ now, oldestPublishedPendingAt: this.tracker.observe(now, observed), outboxOldestAgeMs });
      this.measuredAt = now;
      reportEventsBehind(this.name, Number(partitions.reduce((sum, p) => sum + (p.end > p.committed ? p.end - p.committed : 0n), 0n)));
    } catch (error) {
      // Unknown is not fresh: grow from the last measurement (or from the first failure).
      this.measuredAt ??= now;
      this.lagMs += Math.max(0, now - this.measuredAt);
      this.measuredAt = now;
      logger.debug({ err: error, projection: this.name }, 'could not measure projection freshness');
    }
    reportFreshnessLag(this.name, this.lagMs);
    this.storeSide ??= this.readStoreSide().finally(() => (this.storeSide = null));
  }

  /** Report fields only, read beside the measurement: a hung store must not slow the lag's updates. */
  private async readStoreSide(): Promise<void> {
    const { projection, readTimeoutMs } = this.options;
    const [stored, rebuilding] = await Promise.all([
      withTimeout(projection.readWatermark(), readTimeoutMs, 'watermark read').catch(() => this.stored),
      withTimeout(projection.isRebuilding(), readTimeoutMs, 'rebuild state read').catch(() => this.rebuilding),
    ]);
    this.stored = stored;
    this.rebuilding = rebuilding;
  }
}
