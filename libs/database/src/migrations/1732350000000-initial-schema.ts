import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The system of record and its outbox.
 *
 * `created_event_id` / `recorded_event_id` let an identical replay of a create answer with
 * the original response; the primary keys make concurrent identical creates collide in the
 * database instead of racing a check-then-insert.
 *
 * `outbox.txid` is the writing transaction's id: the relay publishes only rows whose
 * transaction is older than every transaction still in flight, so a row with a lower `id`
 * that commits later than a higher one is never skipped.
 */
export class InitialSchema1732350000000 implements MigrationInterface {
  name = 'InitialSchema1732350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE divisions (
        id text PRIMARY KEY,
        name text NOT NULL,
        created_event_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE athletes (
        id text PRIMARY KEY,
        division_id text NOT NULL REFERENCES divisions(id),
        name text NOT NULL,
        weight_class text NOT NULL,
        country char(2) NOT NULL,
        revision integer NOT NULL DEFAULT 1,
        created_event_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX athletes_division_idx ON athletes (division_id, id)`);
    await q.query(`
      CREATE TABLE matches (
        id uuid PRIMARY KEY,
        division_id text NOT NULL REFERENCES divisions(id),
        red_athlete_id text NOT NULL REFERENCES athletes(id),
        blue_athlete_id text NOT NULL REFERENCES athletes(id),
        scheduled_at timestamptz NULL,
        created_event_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT matches_distinct_athletes CHECK (red_athlete_id <> blue_athlete_id)
      )`);
    await q.query(`CREATE INDEX matches_division_idx ON matches (division_id)`);
    await q.query(`CREATE INDEX matches_red_idx ON matches (red_athlete_id)`);
    await q.query(`CREATE INDEX matches_blue_idx ON matches (blue_athlete_id)`);
    await q.query(`
      CREATE TABLE match_results (
        match_id uuid PRIMARY KEY REFERENCES matches(id),
        winner_id text NULL REFERENCES athletes(id),
        method text NOT NULL CHECK (method IN ('KO', 'TKO', 'SUBMISSION', 'DECISION', 'DQ', 'DRAW')),
        completed_at timestamptz NOT NULL,
        revision integer NOT NULL DEFAULT 1,
        recorded_event_id uuid NOT NULL,
        last_event_id uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT match_results_draw_has_no_winner CHECK ((method = 'DRAW') = (winner_id IS NULL))
      )`);
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        division_id text NOT NULL,
        event_type text NOT NULL,
        schema_version integer NOT NULL,
        occurred_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL`);
    await q.query(`CREATE INDEX outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL`);
    // One NOTIFY per writing statement, delivered at commit: the relay wakes at once
    // instead of waiting for its next poll.
    await q.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox_events', '');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
      FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS outbox_notify ON outbox`);
    await q.query(`DROP FUNCTION IF EXISTS outbox_notify()`);
    for (const table of ['outbox', 'match_results', 'matches', 'athletes', 'divisions']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
