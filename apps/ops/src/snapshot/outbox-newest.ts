import type { Pool } from 'pg';

/**
 * occurredAt (ms) of the newest event in the outbox. Read before a snapshot starts, it is
 * a watermark the rebuilt model can honestly claim: every such event was committed before
 * the snapshot read the tables. Null when the outbox is empty (or pruned).
 */
export async function readOutboxNewestOccurredAt(pool: Pool): Promise<number | null> {
  const { rows } = await pool.query<{ newest: string | null }>(`SELECT (extract(epoch FROM max(occurred_at)) * 1000)::bigint AS newest FROM outbox`);
  const newest = rows[0]?.newest;
  return newest ? Number(newest) : null;
}
