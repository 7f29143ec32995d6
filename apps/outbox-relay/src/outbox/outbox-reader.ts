import type { ClientBase } from 'pg';
import type { LogPosition } from './log-position';
import type { OutboxRow } from './outbox-row';

export interface LogRead {
  /** Committed rows after the position, in log order, at most `limit`. */
  rows: OutboxRow[];
  /**
   * How many leading rows are settled: their transaction is older than every transaction
   * still in flight that could write the outbox (`txid < horizon`, see HORIZON_SQL), so no
   * row can ever appear before them.
   */
  settled: number;
}

/**
 * The horizon below which no row can still appear: the oldest transaction in the
 * statement's snapshot that could still insert into THIS outbox, or the snapshot's xmax
 * when there is none. `pg_snapshot_xmin` alone is cluster-wide: a transaction in another
 * database (a test creating or dropping its database, another application) or an
 * autovacuum worker (ANALYZE takes an xid) would hold our rows back although it can never
 * write them. An in-flight xid is ignored only when pg_stat_activity, read in the same
 * statement and so after its snapshot, shows the backend owning it connected to another
 * database or an autovacuum worker: a backend never changes database, and a slot reused
 * after the snapshot cannot own an xid that was already in flight at the snapshot. An xid
 * with no visible owner (it just ended, or a prepared transaction) stays relevant.
 */
const HORIZON_SQL = `
  SELECT coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot())) AS horizon
    FROM pg_snapshot_xip(pg_current_snapshot()) AS x
   WHERE NOT EXISTS (
     SELECT 1 FROM pg_stat_activity a
      WHERE a.backend_xid = xid(x)
        AND (a.backend_type = 'autovacuum worker'
             OR a.datid <> (SELECT oid FROM pg_database WHERE datname = current_database())))`;

// The horizon as a scalar sub-select of a materialized CTE: computed once per statement,
// and a constant for the planner (an index condition of the range scan, not a join).
const readSql = (settledOnly: boolean) => `
  WITH h AS MATERIALIZED (${HORIZON_SQL})
  SELECT id::text AS id, txid::text AS txid, event_id, division_id, event_type, schema_version,
         occurred_at, payload, headers, created_at,
         txid < (SELECT horizon FROM h) AS settled
    FROM outbox
   WHERE (txid, id) > ($1::xid8, $2::bigint)
     ${settledOnly ? 'AND txid < (SELECT horizon FROM h)' : ''}
   ORDER BY outbox.txid, outbox.id -- the columns, not the text aliases: "10" sorts before "9"
   LIMIT $3`;
const READ_SQL = { all: readSql(false), settled: readSql(true) };

interface LogRecord {
  id: string;
  txid: string;
  event_id: string;
  division_id: string;
  event_type: string;
  schema_version: number;
  occurred_at: Date;
  payload: string;
  headers: Record<string, string> | null;
  created_at: Date;
  settled: boolean;
}

/**
 * Reads the committed rows after `after` in `(txid, id)` order, one index range scan on
 * `outbox_log_idx` whatever the size of the table (nothing is ever re-read from the start).
 * Rows sort by txid, so the settled rows (`txid < horizon`, evaluated in the statement's own
 * snapshot) always form a prefix: `settled` says how long it is. `settledOnly` reads just
 * that prefix (cheap while a long transaction holds everything after it back).
 */
export async function readLogAfter(db: ClientBase, after: LogPosition, limit: number, settledOnly = false): Promise<LogRead> {
  // Named: prepared once per connection, so the horizon's sub-selects are not planned on every poll.
  const { rows } = await db.query<LogRecord>({
    name: settledOnly ? 'outbox-read-settled' : 'outbox-read',
    text: settledOnly ? READ_SQL.settled : READ_SQL.all,
    values: [after.txid, after.id, limit],
  });
  let settled = 0;
  while (settled < rows.length && rows[settled].settled) settled++;
  return {
    settled,
    rows: rows.map((r) => ({
      id: r.id,
      txid: r.txid,
      eventId: r.event_id,
      divisionId: r.division_id,
      eventType: r.event_type,
      schemaVersion: r.schema_version,
      occurredAt: r.occurred_at,
      payload: r.payload,
      headers: r.headers ?? {},
      createdAt: r.created_at,
    })),
  };
}
