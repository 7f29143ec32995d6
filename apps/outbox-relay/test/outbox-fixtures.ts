import type { Pool } from 'pg';

export { buildEnvelope, EventStream, insertOutboxEvents } from './outbox-load';
export type { TestEvent } from './outbox-load';

/** Outbox rows at or below the relay's checkpoint: acknowledged by Kafka. */
export async function acknowledgedCount(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM outbox o, outbox_checkpoint c WHERE (o.txid, o.id) <= (c.txid, c.id)`,
  );
  return Number(rows[0].n);
}
