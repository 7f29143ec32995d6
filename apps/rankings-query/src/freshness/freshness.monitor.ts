import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { evaluateFreshness, readSourceWatermark } from '@app/watermark';
import type { Projector } from '../projectors/projector';
import type { ProjectionStore } from '../projectors/projection-store';
import type { BreakerState, StorePolicy } from '../projectors/store-policy';
import { reportFreshnessLag } from './freshness.metrics';

export type ProjectionStatus = 'live' | 'stale' | 'paused' | 'rebuilding';

/** CONTRACT §4 `GET /projections` item. */
export interface ProjectionReport {
  name: string;
  status: ProjectionStatus;
  lastEventOccurredAt: string | null;
  lastAppliedAt: string | null;
  freshnessLagMs: number;
  breaker: BreakerState;
}

export interface FreshnessMonitorOptions {
  projector: Projector;
  store: ProjectionStore;
  policy: StorePolicy;
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
  private stored: { newestOccurredAt: number | null; appliedAt: number | null } = { newestOccurredAt: null, appliedAt: null };
  private rebuilding = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly o: FreshnessMonitorOptions) {}

  start(): void {
    const tick = () => {
      this.running = this.check().finally(() => (this.running = null));
    };
    tick();
    this.timer = setInterval(() => this.running ?? tick(), this.o.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  report(): ProjectionReport {
    const breaker = this.o.policy.state();
    const status: ProjectionStatus =
      breaker !== 'closed' ? 'paused' : this.lagMs > this.o.slaMs ? 'stale' : this.rebuilding ? 'rebuilding' : 'live';
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      name: this.o.store.name,
      status,
      lastEventOccurredAt: iso(this.stored.newestOccurredAt),
      lastAppliedAt: iso(this.stored.appliedAt),
      freshnessLagMs: this.lagMs,
      breaker,
    };
  }

  isPastSla(): boolean {
    return this.lagMs > this.o.slaMs;
  }

  async check(now = Date.now()): Promise<void> {
    const source = await this.sourceNewest();
    try {
      this.stored = await withTimeout(this.o.store.readWatermark(), this.o.readTimeoutMs);
      this.rebuilding = await withTimeout(this.o.store.isRebuilding(), this.o.readTimeoutMs).catch(() => this.rebuilding);
      const result = evaluateFreshness({ now, sourceNewest: source, storedNewest: this.stored.newestOccurredAt, behindSince: this.behindSince });
      this.lagMs = result.lagMs;
      this.behindSince = result.behindSince;
    } catch (error) {
      // Unknown is not fresh: count from the first failed read, never reset by a failure.
      this.behindSince ??= now;
      this.lagMs = Math.max(this.lagMs, now - this.behindSince);
      this.o.logger.debug({ err: error, projection: this.o.store.name }, 'projection store did not answer the freshness read');
    }
    reportFreshnessLag(this.o.store.name, this.lagMs);
  }

  private async sourceNewest(): Promise<number | null> {
    const read = this.o.projector.newestReadOccurredAt();
    const relay = await withTimeout(readSourceWatermark(this.o.redis, this.o.redisPrefix), this.o.readTimeoutMs).catch(() => null);
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
