import type { ClientBase } from 'pg';
import { LOG_START, type LogPosition } from './log-position';

/**
 * The relay's durable position (table `outbox_checkpoint`, one row): every outbox row at
 * or below it has been acknowledged by Kafka.
 *
 * Written on the leader's session only, so a deposed leader (session gone, lock gone)
 * cannot move it. The update only ever moves forward, and runs with
 * `synchronous_commit = off` (set on the session, see OutboxTail): losing the last few
 * checkpoints in a Postgres crash re-sends a few batches (at-least-once allows it), while
 * waiting for a WAL flush per batch would cost the relay a disk sync per batch.
 */
export async function loadCheckpoint(db: ClientBase): Promise<LogPosition> {
  const { rows } = await db.query<LogPosition>(`SELECT txid::text AS txid, id::text AS id FROM outbox_checkpoint`);
  return rows[0] ?? LOG_START;
}

export async function saveCheckpoint(db: ClientBase, position: LogPosition): Promise<void> {
  await db.query(
    `INSERT INTO outbox_checkpoint AS c (singleton, txid, id) VALUES (true, $1::xid8, $2::bigint)
     ON CONFLICT (singleton) DO UPDATE SET txid = EXCLUDED.txid, id = EXCLUDED.id, updated_at = now()
      WHERE (c.txid, c.id) < (EXCLUDED.txid, EXCLUDED.id)`,
    [position.txid, position.id],
  );
}
