import type { Pool } from 'pg';

/** Rows per DELETE: large enough to be cheap per row, short enough not to hold xmin back for long. */
export const RETENTION_CHUNK = 10_000;

/**
 * Deletes rows that are both behind the relay's checkpoint (acknowledged by Kafka) and
 * older than `retentionHours`, walking the log from its start in chunks of `chunkSize`
 * positions: each chunk is one range scan of `outbox_log_idx` and one DELETE, no per-row
 * bookkeeping. Rows past the checkpoint are never touched, whatever their age. A row still
 * younger than the cutoff inside a chunk stays (it is deleted by a later run), and the
 * walk stops at the first chunk with nothing old enough: rows are appended in roughly
 * creation order, so the old ones are at the start. Returns how many rows were deleted.
 */
export async function deleteCheckpointedBefore(
  pool: Pool,
  retentionHours: number,
  { chunkSize = RETENTION_CHUNK, maxChunks = 20 } = {},
): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < maxChunks; i++) {
    const result = await pool.query(
      // The checkpoint as scalar sub-selects: an index condition, not a join filter that
      // would walk the backlog past it whenever fewer than a chunk of rows lie behind it.
      `WITH chunk AS (
         SELECT id, created_at FROM outbox
          WHERE (txid, id) <= ((SELECT txid FROM outbox_checkpoint), (SELECT id FROM outbox_checkpoint))
          ORDER BY txid, id LIMIT $2)
       DELETE FROM outbox o USING chunk
        WHERE o.id = chunk.id AND chunk.created_at < now() - make_interval(secs => $1)`,
      [retentionHours * 3600, chunkSize],
    );
    const rows = result.rowCount ?? 0;
    deleted += rows;
    if (rows === 0) break;
  }
  return deleted;
}
