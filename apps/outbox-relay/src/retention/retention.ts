import type { Pool } from 'pg';

/** Rows per DELETE: short transactions, so cleanup never holds back the gap rule or vacuum. */
export const RETENTION_BATCH = 1000;

/**
 * Deletes rows published more than `retentionHours` ago, `batchSize` at a time, until none
 * are left or `maxBatches` ran (the next tick continues). Unpublished rows are never
 * touched, whatever their age. Returns how many rows were deleted.
 */
export async function deletePublishedBefore(
  pool: Pool,
  retentionHours: number,
  { batchSize = RETENTION_BATCH, maxBatches = 50 } = {},
): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < maxBatches; i++) {
    const result = await pool.query(
      `DELETE FROM outbox WHERE id IN (
         SELECT id FROM outbox
          WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => $1)
          ORDER BY published_at LIMIT $2)`,
      [retentionHours * 3600, batchSize],
    );
    deleted += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < batchSize) break;
  }
  return deleted;
}
