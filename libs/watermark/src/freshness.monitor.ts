import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { evaluateFreshness } from './freshness';
import { reportFreshnessLag } from './freshness.metrics';
import { readSourceWatermark } from './source-watermark';

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

/** What a projection's store says about itself, read back from the store. */
export interface StoredProgress {
  newestOccurredAt: number | null;
  appliedAt: number | null;
}

/** The projection as the monitor sees it: its store and, in the projector process, its consumer. */
export interface MonitoredProjection {
  readonly name: string;
  readWatermark(): Promise<StoredProgress>;
  isRebuilding(): Promise<boolean>;
  /** The store breaker's state; a process that does not write reports 'closed'. */
  breaker(): BreakerState;
  /** Newest occurredAt this process has read from Kafka, stored or not; null if it does not consume. */
  newestReadOccurredAt(): number | null;
}

export interface FreshnessMonitorOptions {
  projection: MonitoredProjection;
  redis: Redis;
  redisPrefix: string;
  slaMs: number;
  intervalMs: number;
  /** A store read slower than this counts as unreadable. */
  readTimeoutMs: number;
  logger: Logger;
}

/**
 * Every interval, reads the projection's watermark BACK from its store and compares it
 * with the source (the relay's watermark, or a newer event this consumer has read). A
 * store that cannot answer is not assumed fresh: the lag keeps growing from the moment it
 * stopped answering. The last report is what /projections, /health and the gauges show.
 */
export class FreshnessMonitor {
  private behindSince: number | null = null;
  private lagMs = 0;
  private stored: StoredProgress = { newestOccurredAt: null, appliedAt: null };
  private rebuilding = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly options: FreshnessMonitorOptions) {}

  get name(): string {
    return this.options.projection.name;
  }

  start(): void {
    const tick = () => {
      this.running = this.check().finally(() => (this.running = null));
    };
    tick();
    this.timer = setInterval(() => this.running ?? tick(), this.options.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  report(): ProjectionReport {
    const breaker = this.options.projection.breaker();
    const status: ProjectionStatus =
      breaker !== 'closed' ? 'paused' : this.lagMs > this.options.slaMs ? 'stale' : this.rebuilding ? 'rebuilding' : 'live';
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
    const { projection, readTimeoutMs, logger } = this.options;
    const source = await this.sourceNewest();
    try {
      this.stored = await withTimeout(projection.readWatermark(), readTimeoutMs);
      this.rebuilding = await withTimeout(projection.isRebuilding(), readTimeoutMs).catch(() => this.rebuilding);
      const result = evaluateFreshness({ now, sourceNewest: source, storedNewest: this.stored.newestOccurredAt, behindSince: this.behindSince });
      this.lagMs = result.lagMs;
      this.behindSince = result.behindSince;
    } catch (error) {
      // Unknown is not fresh: count from the first failed read, never reset by a failure.
      this.behindSince ??= now;
      this.lagMs = Math.max(this.lagMs, now - this.behindSince);
      logger.debug({ err: error, projection: this.name }, 'projection store did not answer the freshness read');
    }
    reportFreshnessLag(this.name, this.lagMs);
  }

  private async sourceNewest(): Promise<number | null> {
    const read = this.options.projection.newestReadOccurredAt();
    const relay = await withTimeout(readSourceWatermark(this.options.redis, this.options.redisPrefix), this.options.readTimeoutMs).catch(
      () => null,
    );
    const published = relay?.newestPublishedOccurredAt ?? null;
    if (read === null) return published;
    return published === null ? read : Math.max(read, published);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
