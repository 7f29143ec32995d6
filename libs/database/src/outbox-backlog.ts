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
 * never follows the table's history. The count is exact up to EXACT_COUNT_LIMIT; above
 * that (an incident: the relay is down or stuck) it is estimated from the id span past the
 * checkpoint (ids come from one sequence and rows are never updated), so a monitor polling
 * every second does not scan a large backlog every second. The oldest is the first in log
 * order, the one the relay must send next.
 *
 * While a long transaction elsewhere on the cluster holds the relay's horizon back, the
 * relay sends committed rows ahead of it; those still count here until the horizon passes
 * them (the checkpoint cannot skip the gap), so the backlog reads high rather than low.
 */
export async function readOutboxBacklog(pool: Pool): Promise<OutboxBacklog> {
  const { rows } = await pool.query<{
    counted: string;
    id_span: string | null;
    oldest_created_at: Date | null;
    oldest_age: number | null;
  }>(BACKLOG_SQL, [EXACT_COUNT_LIMIT]);
  const row = rows[0];
  const counted = Number(row?.counted ?? 0);
  return {
    events: counted < EXACT_COUNT_LIMIT ? counted : Math.max(counted, Number(row?.id_span ?? 0)),
    oldestAgeSeconds: Math.max(0, row?.oldest_age ?? 0),
    oldestCreatedAt: row?.oldest_created_at ?? null,
  };
}

/** Counted exactly up to here; a larger backlog is estimated from the id span (see above). */
export const EXACT_COUNT_LIMIT = 10_000;

// The checkpoint is read by scalar sub-selects (evaluated once, then index conditions):
// joining a CTE instead made Postgres walk the whole table history as a join filter.
const CHECKPOINT = `(coalesce((SELECT txid FROM outbox_checkpoint), '0'::xid8), coalesce((SELECT id FROM outbox_checkpoint), 0))`;

const BACKLOG_SQL = `
  SELECT (SELECT count(*) FROM (SELECT 1 FROM outbox WHERE (txid, id) > ${CHECKPOINT} ORDER BY txid, id LIMIT $1) AS pending) AS counted,
         (SELECT max(id) FROM outbox) - coalesce((SELECT id FROM outbox_checkpoint), 0) AS id_span,
         first.created_at AS oldest_created_at,
         extract(epoch FROM clock_timestamp() - first.created_at)::float8 AS oldest_age
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (
      SELECT created_at FROM outbox WHERE (txid, id) > ${CHECKPOINT} ORDER BY txid, id LIMIT 1
    ) AS first ON true`;
