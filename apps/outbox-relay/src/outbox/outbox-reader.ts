import type { ClientBase } from 'pg';
import type { OutboxRow } from './outbox-row';

/**
 * Reads the next rows to publish, oldest id first, never more than `limit` at once (the
 * relay's memory stays bounded however large the backlog grows).
 *
 * The gap rule. Ids come from a sequence, taken when a transaction inserts, but
 * transactions commit in any order: tx A takes id 10, tx B takes id 11 and commits first.
 * A relay that remembered "published up to 11" would skip 10 for ever. Two things
 * prevent that here:
 *  1. Publication is tracked per row (`published_at`), never as a max-id watermark, so a
 *     row that becomes visible late is still unpublished when it does. This alone
 *     guarantees nothing is skipped.
 *  2. In `strict` mode only rows whose writing transaction is older than every
 *     transaction still in flight (`txid < pg_snapshot_xmin(pg_current_snapshot())`) are
 *     eligible. Every transaction that could still add a row has `txid >= xmin`, so the
 *     eligible set is complete when it is read: nothing can later appear inside it, and
 *     the stream leaves in id order (A then B above, not B then A). Causal order holds
 *     either way (if B saw A's write, A's txid and id are both lower and A is visible
 *     whenever B is); the strict mode adds a stable id order between concurrent writers.
 *
 * The cost of the strict mode: xmin is cluster-wide, so any long write transaction, even
 * in another database on the same server, holds every newer row back. The loop therefore
 * waits at most GAP_WAIT_LIMIT_MS for it and then reads `visible` rows (committed ones, in
 * id order), which still never skips a row thanks to 1.
 */
export type ReadMode = 'strict' | 'visible';

const READ_SQL: Record<ReadMode, string> = {
  strict: `
  SELECT id::text AS id, event_id, division_id, event_type, schema_version, occurred_at, payload, headers, created_at
    FROM outbox
   WHERE published_at IS NULL
     AND txid < pg_snapshot_xmin(pg_current_snapshot())
   ORDER BY outbox.id -- the bigint column, not the text alias: "10" sorts before "9"
   LIMIT $1`,
  visible: `
  SELECT id::text AS id, event_id, division_id, event_type, schema_version, occurred_at, payload, headers, created_at
    FROM outbox
   WHERE published_at IS NULL
   ORDER BY outbox.id -- the bigint column, not the text alias: "10" sorts before "9"
   LIMIT $1`,
};

interface ClaimedRecord {
  id: string;
  event_id: string;
  division_id: string;
  event_type: string;
  schema_version: number;
  occurred_at: Date;
  payload: string;
  headers: Record<string, string> | null;
  created_at: Date;
}

export async function readPublishableBatch(db: ClientBase, limit: number, mode: ReadMode = 'strict'): Promise<OutboxRow[]> {
  const { rows } = await db.query<ClaimedRecord>(READ_SQL[mode], [limit]);
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    divisionId: r.division_id,
    eventType: r.event_type,
    schemaVersion: r.schema_version,
    occurredAt: r.occurred_at,
    payload: r.payload,
    headers: r.headers ?? {},
    createdAt: r.created_at,
  }));
}

/**
 * Whether unpublished rows exist that the gap rule is holding back, and the xmin holding
 * them. The loop then looks again after a few milliseconds instead of backing off: the
 * transaction they wait for may end at any moment without writing the outbox at all.
 */
export async function readHoldBack(db: ClientBase): Promise<{ held: boolean; xmin: string }> {
  const { rows } = await db.query<{ held: boolean; xmin: string }>(
    `SELECT EXISTS (SELECT 1 FROM outbox WHERE published_at IS NULL) AS held,
            pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`,
  );
  return rows[0] ?? { held: false, xmin: '0' };
}

/**
 * Marks rows published. Called only after Kafka acknowledged every one of them (acks=all),
 * and on the leader's own session: if leadership was lost the session is gone and this
 * fails, leaving the rows to be published again (at-least-once, never "at-most").
 */
export async function markPublished(db: ClientBase, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
}
