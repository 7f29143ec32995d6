import type { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { appliedChannel, parseAppliedNotification } from '@app/cache';
import { nowMs } from './clock';

/**
 * Notes when each tracked event becomes visible in each projection, from the applied
 * notifications the projectors publish after each stored batch (the path `waitFor` is
 * answered from): the Redis projector publishes from the same atomic script that stores
 * the data; the Elasticsearch projector after its bulk request made the documents
 * searchable and its markers were stored. One subscription, no polling, so the figure is
 * not blurred by a poll interval. A notification that arrives before `track` is kept
 * for a while and matched when the event is tracked.
 */
export class VisibilityProbe {
  private readonly pending = new Map<string, { since: number; left: Set<string> }>();
  readonly visibleAt = new Map<string, Map<string, number>>();
  /** Notifications not matched yet: eventId → projection → seen at. */
  private readonly early = new Map<string, Map<string, number>>();
  private readonly subscriber: Redis;
  private readonly ready: Promise<unknown>;

  constructor(
    redis: Redis,
    prefix: string,
    private readonly projections: string[],
  ) {
    for (const p of projections) this.visibleAt.set(p, new Map());
    this.subscriber = redis.duplicate();
    this.subscriber.on('message', (_channel: string, message: string) => this.onApplied(message));
    this.ready = this.subscriber.subscribe(appliedChannel(prefix));
  }

  /** Resolves once the subscription is in place (call before producing tracked events). */
  async started(): Promise<void> {
    await this.ready;
  }

  track(eventId: string, committedAt: number): void {
    const entry = { since: committedAt, left: new Set(this.projections) };
    this.pending.set(eventId, entry);
    const seen = this.early.get(eventId);
    if (!seen) return;
    this.early.delete(eventId);
    for (const [projection, at] of seen) this.markVisible(eventId, projection, at);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Waits until nothing is pending or the timeout; returns how many are still pending. */
  async drain(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline) await sleep(10);
    return this.pending.size;
  }

  async stop(): Promise<void> {
    this.subscriber.disconnect();
    await Promise.resolve();
  }

  private onApplied(message: string): void {
    const note = parseAppliedNotification(message);
    if (!note || !this.projections.includes(note.projection)) return;
    const at = nowMs();
    for (const eventId of note.eventIds) {
      if (this.pending.has(eventId)) {
        this.markVisible(eventId, note.projection, at);
        continue;
      }
      const seen = this.early.get(eventId) ?? new Map<string, number>();
      seen.set(note.projection, at);
      this.early.set(eventId, seen);
      if (this.early.size > 100_000) this.early.delete(this.early.keys().next().value as string);
    }
  }

  private markVisible(eventId: string, projection: string, at: number): void {
    const entry = this.pending.get(eventId);
    if (!entry || !entry.left.has(projection)) return;
    this.visibleAt.get(projection)?.set(eventId, at);
    entry.left.delete(projection);
    if (entry.left.size === 0) this.pending.delete(eventId);
  }
}
