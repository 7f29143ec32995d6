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
 *     row that becomes visible late is still unpublished when it does.
 *  2. Only rows whose writing transaction is older than every transaction still in flight
 *     (`txid < pg_snapshot_xmin(pg_current_snapshot())`) are eligible. Every transaction
 *     that could still add a row has `txid >= xmin`, so the eligible set is complete when
 *     it is read: nothing can later appear inside it. That is what keeps the id order we
 *     publish in a causal order: if B saw A's write, A's txid and id are both lower, A is
 *     eligible whenever B is, and A goes first. A concurrent in-flight transaction holds
 *     later rows back for as long as it runs (a latency cost, bounded by how long write
 *     transactions last), never makes the relay skip one.
 */
const CLAIM_SQL = `
  SELECT id::text AS id, event_id, division_id, event_type, schema_version, payload, headers, created_at
    FROM outbox
   WHERE published_at IS NULL
     AND txid < pg_snapshot_xmin(pg_current_snapshot())
   ORDER BY id
   LIMIT $1`;

interface ClaimedRecord {
  id: string;
  event_id: string;
  division_id: string;
  event_type: string;
  schema_version: number;
  payload: OutboxRow['payload'];
  headers: Record<string, string> | null;
  created_at: Date;
}

export async function readPublishableBatch(db: ClientBase, limit: number): Promise<OutboxRow[]> {
  const { rows } = await db.query<ClaimedRecord>(CLAIM_SQL, [limit]);
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    divisionId: r.division_id,
    eventType: r.event_type,
    schemaVersion: r.schema_version,
    payload: r.payload,
    headers: r.headers ?? {},
    createdAt: r.created_at,
  }));
}

/**
 * True when unpublished rows exist that the gap rule is holding back. The loop then
 * looks again after a few milliseconds instead of a whole poll interval: the NOTIFY for
 * those rows has already been consumed, and the transaction they wait for may never
 * notify (it may not write the outbox at all).
 */
export async function hasHeldBackRows(db: ClientBase): Promise<boolean> {
  const { rows } = await db.query<{ held: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM outbox WHERE published_at IS NULL) AS held`,
  );
  return rows[0]?.held ?? false;
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
