import type { Redis } from 'ioredis';
import { APPLIED_EVENT_TTL_MS, cacheKeys } from '../keys';
import { execPipeline } from '../lua/script';
import { appliedChannel } from './channels';
import { queueEventDivisions } from './event-divisions';

export interface AppliedEvent {
  eventId: string;
  divisionId: string;
}

/**
 * waitFor markers of a projection whose data lives elsewhere (Elasticsearch): stored per
 * division (one slot with that division's keys) and announced on the applied channel, in
 * one round trip. The Redis projection writes its own inside its apply script.
 */
export async function markEventsApplied(redis: Redis, prefix: string, projection: string, events: AppliedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const keys = cacheKeys(prefix);
  const now = Date.now();
  const byDivision = new Map<string, string[]>();
  for (const e of events) byDivision.set(e.divisionId, [...(byDivision.get(e.divisionId) ?? []), e.eventId]);
  await execPipeline(redis, [], (pipeline) => {
    queueEventDivisions(pipeline, prefix, [...byDivision].map(([divisionId, eventIds]) => ({ divisionId, eventIds })));
    for (const [divisionId, ids] of byDivision) {
      const key = keys.applied(projection, divisionId);
      pipeline.zadd(key, ...ids.flatMap((id) => [now, id]));
      pipeline.zremrangebyscore(key, '-inf', `(${now - APPLIED_EVENT_TTL_MS}`);
      pipeline.publish(appliedChannel(prefix), JSON.stringify({ projection, divisionId, eventIds: ids }));
    }
  });
}

/**
 * Whether `projection` has stored `eventId`: its marker is looked up in `divisionId` (the
 * read's division) and, in the same round trip, the event's own division is read from its
 * hint; only an event of another division costs a second round trip.
 */
export async function hasAppliedEvent(redis: Redis, prefix: string, projection: string, divisionId: string | null, eventId: string): Promise<boolean> {
  const keys = cacheKeys(prefix);
  const pipeline = redis.pipeline();
  if (divisionId !== null) pipeline.zscore(keys.applied(projection, divisionId), eventId);
  pipeline.get(keys.eventDivision(eventId));
  const replies = (await pipeline.exec()) ?? [];
  for (const [error] of replies) if (error) throw error;
  const [score, hint] = divisionId !== null ? [replies[0][1], replies[1][1]] : [null, replies[0][1]];
  if (score !== null) return true;
  if (typeof hint !== 'string' || hint === divisionId) return false;
  return (await redis.zscore(keys.applied(projection, hint), eventId)) !== null;
}

/**
 * Markers that must not be lost when Redis is briefly away: a failed write is kept (up to
 * `maxPending` events, oldest dropped first) and retried with the next call or by `flush`,
 * so a Redis cut does not leave readers waiting for data that was stored long ago.
 */
export class AppliedMarkerWriter {
  private pending: AppliedEvent[] = [];
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly projection: string,
    private readonly options: { maxPending?: number; retryMs?: number; onError?: (error: unknown, pending: number) => void } = {},
  ) {}

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Never throws: what cannot be written now is kept and retried. */
  async mark(events: AppliedEvent[]): Promise<void> {
    this.pending.push(...events);
    const max = this.options.maxPending ?? 100_000;
    if (this.pending.length > max) this.pending.splice(0, this.pending.length - max);
    await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      await markEventsApplied(this.redis, this.prefix, this.projection, batch);
    } catch (error) {
      this.pending = [...batch, ...this.pending];
      this.options.onError?.(error, this.pending.length);
      this.scheduleRetry();
    }
  }

  stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, this.options.retryMs ?? 500);
    this.retryTimer.unref();
  }
}
