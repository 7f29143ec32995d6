import type { RedisStore } from '../redis-client';
import { hasAppliedEvent } from './applied-markers';
import { appliedChannel, parseAppliedNotification } from './channels';

/** Beyond the configured number of concurrent waiters: the caller answers 503 + Retry-After. */
export class TooManyWaitersError extends Error {
  constructor(
    readonly limit: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`more than ${limit} requests are already waiting for events; retry in ${retryAfterSeconds} s`);
    this.name = 'TooManyWaitersError';
  }
}

export interface EventWaitersOptions {
  /** Reads markers (one ZSCORE per wait, one pipeline after a reconnect). */
  redis: RedisStore;
  /** A connection of its own for the subscription (a subscribed connection cannot read). */
  subscriber: RedisStore;
  prefix: string;
  maxWaiters: number;
  retryAfterSeconds?: number;
}

interface Waiter {
  projection: string;
  divisionId: string | null;
  eventId: string;
  resolve(applied: boolean): void;
  timer: NodeJS.Timeout;
}

/**
 * Read-your-own-writes without polling: ONE subscription per process to the channel the
 * projectors publish on after each stored batch, and a map of who waits for which event.
 * A wait costs one marker read (the event may be stored already) and then nothing until
 * its notification or its deadline. The number of concurrent waiters is capped; every
 * waiter leaves the map when it resolves, so nothing accumulates. After the subscription
 * reconnects (messages in between are lost), every waiter's marker is read again.
 */
export class EventWaiters {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private count = 0;
  private started = false;

  constructor(private readonly options: EventWaitersOptions) {}

  get waiting(): number {
    return this.count;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const { subscriber, prefix } = this.options;
    const channel = appliedChannel(prefix);
    subscriber.on('message', (_channel: string, message: string) => this.onMessage(message));
    // After a reconnect: subscribe again (a no-op if ioredis already did; needed if the first
    // attempt failed while Redis was away), then read the markers of every waiter again.
    subscriber.on('ready', () => {
      void subscriber.subscribe(channel).then(
        () => this.recheckAll(),
        () => undefined,
      );
    });
    await subscriber.subscribe(channel);
  }

  async stop(): Promise<void> {
    for (const set of this.waiters.values()) for (const w of set) this.settle(w, false);
    this.options.subscriber.disconnect();
  }

  /**
   * Resolves true once `projection` has stored `eventId`, false after `waitMs`. The marker
   * is looked up in `divisionId` (the read's division, null if not known yet) and in the
   * event's own division. Throws TooManyWaitersError beyond the cap.
   */
  async waitFor(projection: string, divisionId: string | null, eventId: string, waitMs: number): Promise<boolean> {
    const { maxWaiters, retryAfterSeconds = 1 } = this.options;
    if (this.count >= maxWaiters) throw new TooManyWaitersError(maxWaiters, retryAfterSeconds);
    let waiter!: Waiter;
    const done = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => this.settle(waiter, false), waitMs);
      waiter = { projection, divisionId, eventId, resolve, timer };
    });
    // Registered before the marker read, so a notification during the read is not missed.
    this.add(waiter);
    if (await this.isStored(waiter)) this.settle(waiter, true);
    return done;
  }

  private isStored({ projection, divisionId, eventId }: Waiter): Promise<boolean> {
    // Redis away: the notification or the deadline decides.
    return hasAppliedEvent(this.options.redis, this.options.prefix, projection, divisionId, eventId).catch(() => false);
  }

  private onMessage(message: string): void {
    const note = parseAppliedNotification(message);
    if (!note) return;
    for (const eventId of note.eventIds) {
      const set = this.waiters.get(waitKey(note.projection, eventId));
      if (set) for (const w of [...set]) this.settle(w, true);
    }
  }

  /** After a reconnect: the waiters still waiting, read again (rare; at most the cap). */
  private async recheckAll(): Promise<void> {
    const all = [...this.waiters.values()].flatMap((set) => [...set]);
    await Promise.all(all.map(async (w) => (await this.isStored(w)) && this.settle(w, true)));
  }

  private add(w: Waiter): void {
    const key = waitKey(w.projection, w.eventId);
    let set = this.waiters.get(key);
    if (!set) {
      set = new Set();
      this.waiters.set(key, set);
    }
    set.add(w);
    this.count++;
  }

  /** Idempotent: the first of notification, marker and deadline wins. */
  private settle(w: Waiter, applied: boolean): void {
    const key = waitKey(w.projection, w.eventId);
    const set = this.waiters.get(key);
    if (!set?.delete(w)) return;
    if (set.size === 0) this.waiters.delete(key);
    this.count--;
    clearTimeout(w.timer);
    w.resolve(applied);
  }
}

function waitKey(projection: string, eventId: string): string {
  return `${projection}\u0000${eventId}`;
}
