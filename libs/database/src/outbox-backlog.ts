import type { Pool } from 'pg';

export interface OutboxBacklog {
  /** Committed outbox events not yet acknowledged by Kafka (past the relay's checkpoint). */
  events: number;
  /** Age in seconds of the oldest of them (the next one due), 0 when none. */
  oldestAgeSeconds: number;
  /**
   * When the oldest of them was written (its transaction's start, the closest lower bound
   * of its commit time the schema has); null when none. Freshness monitors compare this
   * with their own stored position: a dead relay makes it age one second per second.
   */
  oldestCreatedAt: Date | null;
}

/**
 * The source side of freshness, read from Postgres alone so it is right when the relay is
 * dead or stuck: the numbers behind the relay's `outbox_backlog_events` and
 * `outbox_oldest_unpublished_age_seconds`, `ops status`, and the read side's freshness.
 *
 * "Not yet published" is everything after the relay's checkpoint `(txid, id)` (table
 * `outbox_checkpoint`), which the relay moves only after Kafka acknowledged. Only
 * committed rows are visible here, so an open transaction's rows count once they commit.
 * Both figures are range scans of `outbox_log_idx` starting at the checkpoint, so the cost
 * follows the backlog, never the table's history. The oldest is the first in log order,
 * the one the relay must send next.
 *
 * While a long transaction elsewhere on the cluster holds the relay's horizon back, the
 * relay sends committed rows ahead of it; those still count here until the horizon passes
 * them (the checkpoint cannot skip the gap), so the backlog reads high rather than low.
 */
export async function readOutboxBacklog(pool: Pool): Promise<OutboxBacklog> {
  const { rows } = await pool.query<{ events: string; oldest_created_at: Date | null; oldest_age: number | null }>(`
    WITH c AS (SELECT coalesce((SELECT txid FROM outbox_checkpoint), '0'::xid8) AS txid,
                      coalesce((SELECT id FROM outbox_checkpoint), 0) AS id),
         oldest AS (SELECT o.created_at FROM outbox o, c WHERE (o.txid, o.id) > (c.txid, c.id) ORDER BY o.txid, o.id LIMIT 1)
    SELECT (SELECT count(*) FROM outbox o, c WHERE (o.txid, o.id) > (c.txid, c.id)) AS events,
           (SELECT created_at FROM oldest) AS oldest_created_at,
           (SELECT extract(epoch FROM clock_timestamp() - created_at)::float8 FROM oldest) AS oldest_age`);
  const row = rows[0];
  return {
    events: Number(row?.events ?? 0),
    oldestAgeSeconds: Math.max(0, row?.oldest_age ?? 0),
    oldestCreatedAt: row?.oldest_created_at ?? null,
  };
}
