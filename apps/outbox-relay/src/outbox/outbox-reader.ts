import type { ClientBase } from 'pg';
import type { LogPosition } from './log-position';
import type { OutboxRow } from './outbox-row';

export interface LogRead {
  /** Committed rows after the position, in log order, at most `limit`. */
  rows: OutboxRow[];
  /**
   * How many leading rows are settled: their transaction is older than every transaction
   * still in flight (`txid < pg_snapshot_xmin`), so no row can ever appear before them.
   */
  settled: number;
}

const readSql = (settledOnly: boolean) => `
  SELECT id::text AS id, txid::text AS txid, event_id, division_id, event_type, schema_version,
         occurred_at, payload, headers, created_at,
         txid < pg_snapshot_xmin(pg_current_snapshot()) AS settled
    FROM outbox
   WHERE (txid, id) > ($1::xid8, $2::bigint)
     ${settledOnly ? 'AND txid < pg_snapshot_xmin(pg_current_snapshot())' : ''}
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
 * Rows sort by txid, so the settled rows (`txid < xmin`, evaluated in the statement's own
 * snapshot) always form a prefix: `settled` says how long it is. `settledOnly` reads just
 * that prefix (cheap while a long transaction holds everything after it back).
 */
export async function readLogAfter(db: ClientBase, after: LogPosition, limit: number, settledOnly = false): Promise<LogRead> {
  const { rows } = await db.query<LogRecord>(settledOnly ? READ_SQL.settled : READ_SQL.all, [after.txid, after.id, limit]);
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
