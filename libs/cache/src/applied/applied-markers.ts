import type { RedisStore } from '../redis-client';
import { APPLIED_EVENT_TTL_MS, cacheKeys } from '../keys';
import { execBatch } from '../redis-batch';
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
export async function markEventsApplied(redis: RedisStore, prefix: string, projection: string, events: AppliedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const keys = cacheKeys(prefix);
  const now = Date.now();
  const byDivision = new Map<string, string[]>();
  for (const e of events) {
    const ids = byDivision.get(e.divisionId);
    if (ids) ids.push(e.eventId);
    else byDivision.set(e.divisionId, [e.eventId]);
  }
  await execBatch(redis, [], (batch) => {
    queueEventDivisions(batch, prefix, [...byDivision].map(([divisionId, eventIds]) => ({ divisionId, eventIds })));
    for (const [divisionId, ids] of byDivision) {
      const key = keys.applied(projection, divisionId);
      batch.add(key, (p) => p.zadd(key, ...ids.flatMap((id) => [now, id])));
      batch.add(key, (p) => p.zremrangebyscore(key, '-inf', `(${now - APPLIED_EVENT_TTL_MS}`));
      // No key: it follows the marker on its node, so the message never precedes the marker.
      batch.add(null, (p) => p.publish(appliedChannel(prefix), JSON.stringify({ projection, divisionId, eventIds: ids })));
    }
  });
}

/**
 * Whether `projection` has stored `eventId`: its marker is looked up in `divisionId` (the
 * read's division) and, in the same round trip, the event's own division is read from its
 * hint; only an event of another division costs a second round trip.
 */
export async function hasAppliedEvent(redis: RedisStore, prefix: string, projection: string, divisionId: string | null, eventId: string): Promise<boolean> {
  const keys = cacheKeys(prefix);
  const replies = await execBatch(redis, [], (batch) => {
    if (divisionId !== null) {
      const marker = keys.applied(projection, divisionId);
      batch.add(marker, (p) => p.zscore(marker, eventId));
    }
    const hintKey = keys.eventDivision(eventId);
    batch.add(hintKey, (p) => p.get(hintKey));
  });
  const [score, hint] = divisionId !== null ? [replies[0], replies[1]] : [null, replies[0]];
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
    private readonly redis: RedisStore,
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
