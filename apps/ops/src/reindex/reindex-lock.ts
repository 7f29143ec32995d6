import type { Pool, PoolClient } from 'pg';
import { RefusedError } from '../cli/exit-codes';

/** An arbitrary constant shared by every ops process that builds or moves an index. */
const INDEX_OPERATIONS_LOCK = 727_107;

/**
 * Holds a Postgres session advisory lock for the duration of `work`: two operators (or a
 * cron and an operator) cannot build or move the alias at once. A killed CLI's session
 * ends with it, so the lock never outlives a crash.
 */
export async function withIndexOperationsLock<T>(pool: Pool, work: () => Promise<T>): Promise<T> {
  const client: PoolClient = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [INDEX_OPERATIONS_LOCK]);
    if (!rows[0]?.locked) {
      throw new RefusedError('another reindex or rollback is running (Postgres advisory lock 727107 is held)', 'wait for it to finish; `npm run ops -- status` shows its progress');
    }
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [INDEX_OPERATIONS_LOCK]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
