import type { Logger } from '@app/observability';
import type { RelayHealth } from './health/relay-health';
import type { LeaderSession } from './leader/leader-session';
import type { RelayMetrics } from './metrics/relay-metrics';
import { markPublished, readHoldBack, readPublishableBatch } from './outbox/outbox-reader';
import type { OutboxRow } from './outbox/outbox-row';
import { AdaptivePoll } from './polling/adaptive-poll';
import { publishUntilAcknowledged } from './publisher/publish-until-acknowledged';
import { sleep } from './sleep';

/** How soon to look again when the gap rule holds committed rows back. */
const HELD_BACK_RECHECK_MS = 5;
/**
 * How long the gap rule may hold committed rows back before the loop publishes them
 * anyway (see outbox-reader). This system's write transactions last milliseconds; one
 * running for a second is someone else's (another database, a migration) or stuck.
 */
export const GAP_WAIT_LIMIT_MS = 1_000;

export interface RelayLoopOptions {
  batchSize: number;
  pollIntervalMs: number;
  publish(rows: OutboxRow[]): Promise<void>;
  /** After Kafka acknowledged and the rows were marked published (the source watermark). */
  onPublished(rows: OutboxRow[]): void;
}

/**
 * Ties the parts together: become leader, then read a bounded batch → publish until
 * acknowledged → mark published, as fast as rows come; when none are eligible, poll again
 * after a pause that grows from 1 ms to the poll interval while the outbox stays empty. One batch in flight at a time keeps the published order
 * equal to the id order. Any Postgres error on the leader session abandons leadership
 * (the session is the fence) and the loop starts over by acquiring it again.
 */
export class RelayLoop {
  private readonly stopping = new AbortController();
  private running: Promise<void> | null = null;
  /** True from a failed publish until the next acknowledged one (health probes defer to it). */
  publishFailing = false;
  /** The oldest in-flight transaction holding rows back, and since when we have seen it. */
  private heldBack = false;
  private holdBack: { xmin: string; since: number; warned: boolean } | null = null;
  private readonly poll: AdaptivePoll;

  constructor(
    private readonly leader: LeaderSession,
    private readonly health: RelayHealth,
    private readonly metrics: RelayMetrics,
    private readonly logger: Logger,
    private readonly options: RelayLoopOptions,
  ) {
    this.poll = new AdaptivePoll(options.pollIntervalMs);
  }

  start(): void {
    this.running ??= this.run();
  }

  /**
   * Stops after the in-flight batch: an acknowledged batch is still marked published; one
   * not yet acknowledged stays unpublished. Waits at most `graceMs` for that batch (a send
   * to a dead broker can hang for its request timeout); the caller then disconnects the
   * producer, which fails the send, so nothing unacknowledged is ever marked.
   */
  async stop(graceMs = 5_000): Promise<void> {
    this.stopping.abort();
    if (!this.running) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }

  /** Resolves when the loop has exited (after `stop`, once the in-flight batch settled). */
  async finished(): Promise<void> {
    await this.running;
  }

  private async run(): Promise<void> {
    const stop = this.stopping.signal;
    while (!stop.aborted) {
      if (!(await this.leader.acquire(stop))) break;
      this.metrics.leader.set(1);
      try {
        await this.lead();
      } catch (error) {
        this.leader.abandon(`error on the leader session: ${(error as Error).message}`);
      } finally {
        this.metrics.leader.set(0);
      }
    }
  }

  private async lead(): Promise<void> {
    const lost = new AbortController();
    const stopListening = this.leader.onLost(() => lost.abort());
    const signal = AbortSignal.any([this.stopping.signal, lost.signal]);
    try {
      while (!signal.aborted) {
        const rows = await this.readBatch();
        if (rows.length === 0) {
          if (this.heldBack) await sleep(HELD_BACK_RECHECK_MS, signal);
          else await this.poll.idle(signal);
          continue;
        }
        this.poll.found();
        if (!(await this.publish(rows, signal))) return;
        // Lost leadership or Postgres gone after the ack: this throws, the rows stay
        // unpublished and are sent again (a duplicate, never a loss).
        await markPublished(this.leader.db, rows.map((r) => r.id));
        this.metrics.observeAcknowledged(rows.map((r) => r.createdAt));
        this.options.onPublished(rows);
      }
    } finally {
      stopListening();
    }
  }

  /** The strict (gap rule) batch, or the visible one once the rule has waited long enough. */
  private async readBatch(): Promise<OutboxRow[]> {
    const db = this.leader.db;
    const strict = await readPublishableBatch(db, this.options.batchSize, 'strict');
    if (strict.length > 0) return strict;
    const { held, xmin } = await readHoldBack(db);
    this.heldBack = held;
    if (!held) return [];
    if (this.holdBack?.xmin !== xmin) this.holdBack = { xmin, since: Date.now(), warned: false };
    if (Date.now() - this.holdBack.since < GAP_WAIT_LIMIT_MS) return [];
    if (!this.holdBack.warned) {
      this.holdBack.warned = true;
      this.logger.warn({ xmin, waitedMs: Date.now() - this.holdBack.since }, 'a long transaction holds the outbox gap rule back; publishing committed rows in id order meanwhile');
    }
    return readPublishableBatch(db, this.options.batchSize, 'visible');
  }

  private publish(rows: OutboxRow[], signal: AbortSignal): Promise<boolean> {
    return publishUntilAcknowledged(this.options.publish, rows, signal, {
      onFailure: (error, attempt, delayMs) => {
        this.publishFailing = true;
        this.metrics.failures.inc();
        this.health.degraded('kafka', `broker unreachable or failing (${(error as Error).message})`);
        this.logger.debug({ err: error, attempt, delayMs, firstId: rows[0]?.id }, 'publish failed, retrying');
      },
      onSuccess: () => {
        this.publishFailing = false;
        this.health.healthy('kafka');
      },
    });
  }
}
