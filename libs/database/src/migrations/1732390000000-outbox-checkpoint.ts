import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relay tails the outbox like a log instead of marking rows one by one.
 *
 * `outbox_checkpoint` holds one position `(txid, id)`: every outbox row at or below it has
 * been acknowledged by Kafka. Rows are read in `(txid, id)` order under
 * `txid < pg_snapshot_xmin(pg_current_snapshot())`, which makes the position gap-safe: a
 * transaction that could still insert has `txid >= xmin`, so nothing can appear below a
 * position once it was read (an `id`-only position is not: see the relay's outbox-tail).
 *
 * `outbox_log_idx` serves that read, the backlog count and retention; the two partial
 * indexes on `published_at` served the per-row marking and go (every insert paid for
 * them). `published_at` stays as a column, no longer written, so older readers and
 * rollbacks keep working.
 *
 * The starting position keeps what was already published: the last row before the first
 * unpublished one in `(txid, id)` order (rows above it that were published already are
 * sent once more, which at-least-once allows).
 */
export class OutboxCheckpoint1732390000000 implements MigrationInterface {
  name = 'OutboxCheckpoint1732390000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS outbox_log_idx ON outbox (txid, id)`);
    await q.query(`
      CREATE TABLE outbox_checkpoint (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        txid xid8 NOT NULL,
        id bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      WITH first_unpublished AS (
        SELECT txid, id FROM outbox WHERE published_at IS NULL ORDER BY txid, id LIMIT 1),
      last_done AS (
        SELECT o.txid, o.id FROM outbox o
         WHERE NOT EXISTS (SELECT 1 FROM first_unpublished)
            OR (o.txid, o.id) < (SELECT f.txid, f.id FROM first_unpublished f)
         ORDER BY o.txid DESC, o.id DESC LIMIT 1)
      INSERT INTO outbox_checkpoint (txid, id)
      SELECT coalesce((SELECT txid FROM last_done), '0'::xid8), coalesce((SELECT id FROM last_done), 0)`);
    await q.query(`DROP INDEX IF EXISTS outbox_unpublished_idx`);
    await q.query(`DROP INDEX IF EXISTS outbox_published_at_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE outbox SET published_at = now()
                    WHERE published_at IS NULL AND (txid, id) <= (SELECT c.txid, c.id FROM outbox_checkpoint c)`);
    await q.query(`CREATE INDEX IF NOT EXISTS outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL`,
    );
    await q.query(`DROP TABLE IF EXISTS outbox_checkpoint`);
    await q.query(`DROP INDEX IF EXISTS outbox_log_idx`);
  }
}
