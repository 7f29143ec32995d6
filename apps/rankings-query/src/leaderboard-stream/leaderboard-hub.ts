import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import type { Logger } from 'pino';
import { parseLeaderboardChanged, type RedisStore } from '@app/cache';
import type { LeaderboardSnapshot, ReadLeaderboardSnapshot } from './leaderboard-snapshot';
import type { SseSubscriber } from './sse-subscriber';
import { streamMetrics } from './stream.metrics';

const PING_EVERY_MS = 15_000;

/**
 * Feeds every leaderboard stream of the process from ONE Redis subscription. A change
 * message for a division with subscribers triggers one read of its top 100, sliced,
 * serialised and encoded once per distinct `top`, the same bytes written to every
 * subscriber. Reads per division never overlap: changes arriving during a read are folded into one more read after it, so a
 * burst of batches costs at most two reads, and the last one always sees the newest data.
 */
export class LeaderboardHub {
  private readonly subscribers = new Map<string, Set<SseSubscriber>>();
  private readonly refreshing = new Map<string, { again: boolean }>();
  /** Newest version announced per division, to catch a change that raced a new client's first read. */
  private readonly announced = new Map<string, number>();
  private readonly connecting = new Map<string, Promise<LeaderboardSnapshot | null>>();
  private ping: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly channelClient: RedisStore,
    private readonly channel: string,
    private readonly read: ReadLeaderboardSnapshot,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.channelClient.on('message', (_channel: string, message: string) => this.onMessage(message));
    // After a reconnect, changes published meanwhile were missed: re-read what is watched.
    this.channelClient.on('ready', () => [...this.subscribers.keys()].forEach((d) => this.refresh(d)));
    this.channelClient.on('error', (error) => this.logger.debug({ err: error }, 'leaderboard channel connection error'));
    this.ping = setInterval(() => this.each((s) => s.ping()), PING_EVERY_MS);
    // Not awaited: a Redis that is slow or down at start-up must not stop the read API from
    // starting (streams then start from their first read); the subscription retries until it holds.
    void this.subscribeUntilItHolds();
  }

  private async subscribeUntilItHolds(): Promise<void> {
    const subscribe = retry(handleAll, { maxAttempts: Infinity, backoff: new ExponentialBackoff({ initialDelay: 200, maxDelay: 5000 }) });
    subscribe.onRetry(({ delay }) => this.logger.warn({ delay }, 'could not subscribe to leaderboard changes yet; retrying'));
    await subscribe.execute(async () => {
      if (this.stopped) return;
      await this.channelClient.subscribe(this.channel);
    });
  }

  /** Nest calls it before closing the HTTP server, which would otherwise wait for the open streams. */
  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.ping) clearInterval(this.ping);
    this.each((s) => {
      s.end();
      streamMetrics.subscribers.dec(); // not set(0): other hubs of the process (tests) keep theirs
    });
    this.subscribers.clear();
    this.channelClient.disconnect();
  }

  /** The current leaderboard for a client about to connect; concurrent connects share one read. */
  snapshot(divisionId: string): Promise<LeaderboardSnapshot | null> {
    let pending = this.connecting.get(divisionId);
    if (!pending) {
      streamMetrics.reads.inc({ trigger: 'connect' });
      pending = this.read(divisionId).finally(() => this.connecting.delete(divisionId));
      this.connecting.set(divisionId, pending);
    }
    return pending;
  }

  /** Registers a client and sends it `current` unless its Last-Event-ID says it has it. */
  add(subscriber: SseSubscriber, current: LeaderboardSnapshot): void {
    const set = this.subscribers.get(subscriber.divisionId) ?? new Set<SseSubscriber>();
    this.subscribers.set(subscriber.divisionId, set.add(subscriber));
    streamMetrics.subscribers.inc();
    // An id from the future (Redis was reset) means nothing: start over from the current state.
    if (subscriber.lastVersion > current.version) subscriber.lastVersion = -1;
    subscriber.deliver(current, () => eventFrame(current, subscriber.top));
    if ((this.announced.get(subscriber.divisionId) ?? 0) > current.version) this.refresh(subscriber.divisionId);
  }

  remove(subscriber: SseSubscriber): void {
    const set = this.subscribers.get(subscriber.divisionId);
    if (!set?.delete(subscriber)) return;
    streamMetrics.subscribers.dec();
    if (set.size === 0) this.subscribers.delete(subscriber.divisionId);
  }

  private onMessage(message: string): void {
    const change = parseLeaderboardChanged(message);
    if (!change) return;
    this.announced.set(change.divisionId, Math.max(change.version, this.announced.get(change.divisionId) ?? 0));
    if (this.subscribers.has(change.divisionId)) this.refresh(change.divisionId);
  }

  private refresh(divisionId: string): void {
    const running = this.refreshing.get(divisionId);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: true };
    this.refreshing.set(divisionId, state);
    void (async () => {
      while (state.again) {
        state.again = false;
        await this.fanOut(divisionId);
      }
      this.refreshing.delete(divisionId);
    })();
  }

  private async fanOut(divisionId: string): Promise<void> {
    if (!this.subscribers.has(divisionId)) return;
    streamMetrics.reads.inc({ trigger: 'change' });
    const snapshot = await this.read(divisionId).catch((error: unknown) => {
      this.logger.warn({ err: error, divisionId }, 'could not read the leaderboard for its streams; the next change retries');
      return null;
    });
    if (!snapshot) return;
    // One event frame per distinct `top`, serialised and encoded once and written as the same
    // bytes to every subscriber that still needs this version: the per-socket cost is the write.
    const frames = new Map<number, Buffer>();
    const frameFor = (top: number) => () => {
      let frame = frames.get(top);
      if (frame === undefined) frames.set(top, (frame = eventFrame(snapshot, top)));
      return frame;
    };
    for (const subscriber of this.subscribers.get(divisionId) ?? []) subscriber.deliver(snapshot, frameFor(subscriber.top));
  }

  private each(action: (subscriber: SseSubscriber) => void): void {
    for (const set of this.subscribers.values()) set.forEach(action);
  }
}

/** The SSE event of a version: its data is the same JSON as `GET /divisions/:id/leaderboard?top=`. */
function eventFrame(snapshot: LeaderboardSnapshot, top: number): Buffer {
  const data = JSON.stringify({ divisionId: snapshot.divisionId, items: snapshot.items.slice(0, top) });
  return Buffer.from(`event: leaderboard\nid: ${snapshot.version}\ndata: ${data}\n\n`);
}
