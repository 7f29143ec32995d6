import type { ClientBase } from 'pg';
import type { Logger } from '@app/observability';
import { comparePositions, type LogPosition } from './log-position';
import { readLogAfter } from './outbox-reader';
import { positionOf, type OutboxRow } from './outbox-row';

/**
 * How long rows may wait behind an in-flight transaction before they are sent ahead of
 * the settled horizon. Transactions of other databases and autovacuum do not count (see
 * HORIZON_SQL in outbox-reader); this system's own write transactions last milliseconds,
 * so one of this database running for a second is a migration, a bulk load or stuck, and
 * must not stop the relay.
 */
export const GAP_WAIT_LIMIT_MS = 1_000;
/** Rows sent ahead are remembered (to skip them once settled) up to this many. */
export const SENT_AHEAD_LIMIT = 200_000;

export type TailStep =
  /**
   * Rows to publish, and the checkpoint to save once Kafka acknowledged them (null: keep
   * it). `full`: the read hit the batch size, so more rows are very likely waiting.
   */
  | { kind: 'batch'; rows: OutboxRow[]; checkpoint: LogPosition | null; full: boolean }
  /** Nothing committed after the position. */
  | { kind: 'idle' }
  /** Committed rows wait behind an older transaction still in flight: look again soon. */
  | { kind: 'held' };

/**
 * Follows the outbox as a log from a checkpoint, in `(txid, id)` order.
 *
 * Why `(txid, id)` and not `id`: ids are taken at insert, transactions commit in any
 * order. Tx E takes an xid, tx D takes a higher one and inserts id 10, E inserts id 11 and
 * commits. With D in flight, the horizon is D's txid, E's txid is lower, so E is settled and
 * would be read; a checkpoint at id 11 would then skip id 10 for ever when D commits. In
 * `(txid, id)` order E's row sorts before D's (lower txid), and D's row has
 * `txid >= horizon` until D ends, so every row ever read is below every row that can still
 * appear: a checkpoint never skips anything. (outbox-tail.int-spec plays this out.)
 *
 * Order: a division's commands lock the aggregate row (`FOR UPDATE`, which takes the
 * xid) before writing, so two writes to one aggregate get txids in lock order, which is
 * their commit order. Unrelated concurrent writes may leave in txid order rather than
 * commit order; consumers see the same stable order on every replay.
 *
 * The horizon is the oldest in-flight transaction that could still write this outbox
 * (`pg_snapshot_xmin` without the other databases' transactions and autovacuum's: see
 * outbox-reader). A long one of this database holds it back. After GAP_WAIT_LIMIT_MS the
 * tail sends committed rows beyond the horizon ahead, remembering their ids in memory; the
 * checkpoint stays at the horizon, and those rows are skipped once it passes them. A late
 * row of the long transaction is then sent when it settles. After a crash the rows sent
 * ahead are sent again (a duplicate, never a loss).
 */
export class OutboxTail {
  private settledUpTo: LogPosition;
  private aheadUpTo: LogPosition | null = null;
  private readonly sentAhead = new Set<string>();
  private heldSince: number | null = null;
  private warnedHeld = false;

  constructor(
    private readonly db: ClientBase,
    checkpoint: LogPosition,
    private readonly batchSize: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.settledUpTo = checkpoint;
  }

  /** The position up to which every row has been handed out (in memory). */
  get position(): LogPosition {
    return this.settledUpTo;
  }

  /** The next rows to publish. Advances the in-memory position: batches go out in order. */
  async next(): Promise<TailStep> {
    if (this.aheadUpTo) return this.nextWhileAhead(this.aheadUpTo);
    const read = await readLogAfter(this.db, this.settledUpTo, this.batchSize);
    if (read.settled > 0) return this.settledBatch(read.rows.slice(0, read.settled), read.settled === this.batchSize);
    if (read.rows.length === 0) {
      this.heldSince = null;
      return { kind: 'idle' };
    }
    this.heldSince ??= this.now();
    if (this.now() - this.heldSince < GAP_WAIT_LIMIT_MS) return { kind: 'held' };
    return this.aheadBatch(read.rows);
  }

  /**
   * Already sending ahead of the horizon: look for newly settled rows only (not the rows
   * sent ahead again), then for committed rows past what was sent ahead. Both reads are
   * empty index probes while nothing changes, however long the hold lasts.
   */
  private async nextWhileAhead(aheadUpTo: LogPosition): Promise<TailStep> {
    const settled = await readLogAfter(this.db, this.settledUpTo, this.batchSize, true);
    if (settled.settled > 0) return this.settledBatch(settled.rows.slice(0, settled.settled), settled.settled === this.batchSize);
    return this.aheadBatch((await readLogAfter(this.db, aheadUpTo, this.batchSize)).rows);
  }

  private settledBatch(rows: OutboxRow[], full: boolean): TailStep {
    const last = positionOf(rows[rows.length - 1]);
    const fresh = this.sentAhead.size === 0 ? rows : rows.filter((row) => !this.sentAhead.delete(row.id));
    this.settledUpTo = last;
    if (this.aheadUpTo && comparePositions(this.aheadUpTo, last) <= 0) {
      this.aheadUpTo = null;
      this.sentAhead.clear();
    }
    if (this.heldSince !== null && this.warnedHeld)
      this.logger.info({ heldMs: this.now() - this.heldSince }, 'the outbox horizon moves again');
    this.heldSince = null;
    this.warnedHeld = false;
    return { kind: 'batch', rows: fresh, checkpoint: last, full };
  }

  private aheadBatch(rows: OutboxRow[]): TailStep {
    if (rows.length === 0) return { kind: 'held' };
    if (this.sentAhead.size + rows.length > SENT_AHEAD_LIMIT) return { kind: 'held' };
    if (!this.warnedHeld) {
      this.warnedHeld = true;
      this.logger.warn(
        { heldMs: this.now() - (this.heldSince ?? this.now()), checkpoint: this.settledUpTo },
        'a long transaction holds the outbox horizon back; sending committed rows ahead of it meanwhile',
      );
    }
    for (const row of rows) this.sentAhead.add(row.id);
    this.aheadUpTo = positionOf(rows[rows.length - 1]);
    return { kind: 'batch', rows, checkpoint: null, full: rows.length === this.batchSize };
  }
}
