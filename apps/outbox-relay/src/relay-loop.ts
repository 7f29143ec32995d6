import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { OUTBOX_DOORBELL_CHANNEL } from '@app/database';
import type { Logger } from '@app/observability';
import type { RelayHealth } from './health/relay-health';
import type { LeaderSession } from './leader/leader-session';
import type { RelayMetrics } from './metrics/relay-metrics';
import { loadCheckpoint, saveCheckpoint } from './outbox/checkpoint-store';
import { OutboxTail, type TailStep } from './outbox/outbox-tail';
import type { OutboxRow } from './outbox/outbox-row';
import { AdaptivePoll } from './polling/adaptive-poll';
import { publishUntilAcknowledged } from './publisher/publish-until-acknowledged';

/** While rows wait behind an in-flight transaction, look again within this long. */
const HELD_RECHECK_MAX_MS = 4;

export interface RelayLoopOptions {
  batchSize: number;
  pollIntervalMs: number;
  /** Resolves once Kafka acknowledged every row; rejects on failure (or when it took too long). */
  publish(rows: OutboxRow[]): Promise<void>;
  /** After Kafka acknowledged the rows (the source watermark). */
  onPublished(rows: OutboxRow[]): void;
}

/**
 * Become leader, then tail the outbox from the checkpoint: read a batch, send it, and once
 * Kafka acknowledged it save the checkpoint past it. When the batch was full (a backlog)
 * the next read overlaps with the send, so the drain runs at the producer's pace; when it
 * was not (a steady trickle) the next read waits for the ack, so it picks up everything
 * committed during the send instead of the few rows committed before it started. One batch in flight at a time keeps the published
 * order equal to the log order. Empty reads poll every millisecond while rows keep coming
 * and back off to the poll interval when idle (AdaptivePoll).
 * Any Postgres error on the leader session abandons leadership (the session is the fence)
 * and the loop starts over by acquiring it again, from the saved checkpoint.
 */
export class RelayLoop implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly stopping = new AbortController();
  private running: Promise<void> | null = null;
  private failing = false;

  constructor(
    private readonly leader: LeaderSession,
    private readonly health: RelayHealth,
    private readonly metrics: RelayMetrics,
    private readonly logger: Logger,
    private readonly options: RelayLoopOptions,
  ) {}

  /** True from a failed publish until the next acknowledged one (the broker probe defers to it). */
  get publishFailing(): boolean {
    return this.failing;
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  /** Runs before the leader lock and the producer are released (their hooks come later). */
  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(): void {
    this.running ??= this.run();
  }

  /**
   * Stops after the in-flight batch: an acknowledged batch still moves the checkpoint; one
   * not yet acknowledged does not. Bounded: a send gives up after the send timeout, a
   * Postgres query after the session's query timeout.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
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
    const db = this.leader.db;
    const lost = new AbortController();
    const stopListening = this.leader.onLost(() => lost.abort());
    const signal = AbortSignal.any([this.stopping.signal, lost.signal]);
    let wake: (() => void) | null = null;
    try {
      // A checkpoint lost in a Postgres crash only re-sends batches; a WAL flush per batch costs a disk sync.
      await db.query('SET synchronous_commit = off');
      const tail = new OutboxTail(db, await loadCheckpoint(db), this.options.batchSize, this.logger);
      const idle = new AdaptivePoll(this.options.pollIntervalMs);
      const held = new AdaptivePoll(Math.min(HELD_RECHECK_MAX_MS, this.options.pollIntervalMs));
      // The writers' doorbell (a hint after each commit): read now rather than at the next poll.
      wake = () => {
        idle.wake();
        held.wake();
      };
      db.on('notification', wake);
      await db.query(`LISTEN ${OUTBOX_DOORBELL_CHANNEL}`);
      let reading = handledLater(tail.next());
      let saving: Promise<void> = Promise.resolve();
      while (!signal.aborted) {
        const step: TailStep = await reading;
        if (step.kind !== 'batch') {
          await (step.kind === 'held' ? held : idle).idle(signal);
          reading = handledLater(tail.next());
          continue;
        }
        idle.found();
        held.found();
        const readAhead = step.full ? handledLater(tail.next()) : null;
        if (step.rows.length > 0 && !(await this.publish(step.rows, signal))) return;
        reading = readAhead ?? handledLater(tail.next());
        // Timed at the acknowledgement, not after the checkpoint bookkeeping below.
        if (step.rows.length > 0) this.metrics.observeAcknowledged(step.rows.map((r) => r.createdAt));
        // Saved without waiting (the session runs it after the read already queued), so the
        // next send does not wait for it; its outcome is awaited before the next save. Lost
        // leadership or Postgres gone: that await throws, the checkpoint stays behind and
        // the rows are sent again by the next leader (a duplicate, never a loss).
        if (step.checkpoint) {
          await saving;
          saving = handledLater(saveCheckpoint(db, step.checkpoint));
        }
        if (step.rows.length > 0) {
          this.options.onPublished(step.rows);
        }
      }
      await saving;
    } finally {
      stopListening();
      if (wake) db.off('notification', wake);
    }
  }

  private publish(rows: OutboxRow[], signal: AbortSignal): Promise<boolean> {
    return publishUntilAcknowledged(this.options.publish, rows, signal, {
      onFailure: (error, attempt, delayMs) => {
        this.failing = true;
        this.metrics.failures.inc();
        this.health.degraded('kafka', `broker unreachable or failing (${(error as Error).message})`);
        this.logger.debug({ err: error, attempt, delayMs, firstId: rows[0]?.id }, 'publish failed, retrying');
      },
      onSuccess: () => {
        this.failing = false;
        this.health.healthy('kafka');
      },
    });
  }
}

/** A read started ahead of use: a rejection surfaces where it is awaited, not as unhandled. */
function handledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
