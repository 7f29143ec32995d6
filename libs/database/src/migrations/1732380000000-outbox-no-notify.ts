import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops the per-statement NOTIFY on outbox inserts. `pg_notify` queues its message in a
 * cluster-wide queue under a global lock taken at commit, so every writing transaction
 * serialised on it: the write path's throughput ceiling. The relay wakes by adaptive
 * polling instead (tight while rows keep coming, backing off to the poll interval when
 * idle), which costs one cheap index probe per poll and nothing per commit.
 */
export class OutboxNoNotify1732380000000 implements MigrationInterface {
  name = 'OutboxNoNotify1732380000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS outbox_notify ON outbox`);
    await q.query(`DROP FUNCTION IF EXISTS outbox_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox_events', '');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
      FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
  }
}
