import type { Pool } from 'pg';

export interface OutboxBacklog {
  /** Outbox rows not yet published to Kafka. */
  events: number;
  /** Age of the lowest-id unpublished row (the next one due), 0 when none. */
  oldestAgeSeconds: number;
}

/**
 * The numbers behind the relay's `outbox_backlog_events` and
 * `outbox_oldest_unpublished_age_seconds`; `ops status` reads them straight from Postgres
 * too, so they are there when the relay itself is down. Both come from the partial index
 * on unpublished rows, so the query stays cheap under a large backlog. "Oldest" is the
 * lowest id: ids are taken in insertion order, which is what an operator means by the
 * oldest event still waiting.
 */
export async function readOutboxBacklog(pool: Pool): Promise<OutboxBacklog> {
  const { rows } = await pool.query<{ events: string; oldest_age: number | null }>(`
    SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL) AS events,
           (SELECT extract(epoch FROM now() - created_at)::float8
              FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 1) AS oldest_age`);
  const row = rows[0];
  return { events: Number(row?.events ?? 0), oldestAgeSeconds: Math.max(0, row?.oldest_age ?? 0) };
}
