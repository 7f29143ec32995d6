import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox payload is stored as the exact bytes the relay publishes (the event envelope
 * as UTF-8 JSON text), not as jsonb: jsonb made Postgres parse the envelope on every write
 * and re-serialize it (with reordered keys) on every relay read, work nobody needs because
 * nothing queries inside the payload. The writer validates the envelope before it is
 * stored; the relay passes the text through to Kafka unchanged.
 */
export class OutboxPayloadText1732370000000 implements MigrationInterface {
  name = 'OutboxPayloadText1732370000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ALTER COLUMN payload TYPE text USING payload::text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ALTER COLUMN payload TYPE jsonb USING payload::jsonb`);
  }
}
