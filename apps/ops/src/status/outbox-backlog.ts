import type { Pool } from 'pg';

export interface OutboxBacklog {
  events: number;
  oldestAgeSeconds: number;
}

/**
 * The numbers behind the relay's `outbox_backlog_events` and
 * `outbox_oldest_unpublished_age_seconds`, read straight from Postgres so `status` works
 * when the relay itself is down (which is when on-call needs it most).
 */
export async function readOutboxBacklog(pool: Pool): Promise<OutboxBacklog> {
  const { rows } = await pool.query<{ events: string; oldest_age: number | null }>(`
    SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL) AS events,
           (SELECT extract(epoch FROM now() - created_at)::float8
              FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 1) AS oldest_age`);
  const row = rows[0];
  return { events: Number(row?.events ?? 0), oldestAgeSeconds: Math.max(0, Math.round(row?.oldest_age ?? 0)) };
}
