import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ops CLI's record of index builds (`npm run ops -- reindex`).
 *
 * A row is the checkpoint that `reindex --resume` continues from after a crash: it is
 * committed only after a batch's bulk write was acknowledged, so everything up to
 * `last_athlete_id` is in `target_index`. Kept in Postgres (not in a local file) so a
 * resume works from any host and survives `kill -9`. The partial unique index allows
 * one unfinished build per alias; `status = 'swapped'` rows tell `rollback` which
 * indices have served and are complete.
 */
export class OpsReindexRuns1732360000000 implements MigrationInterface {
  name = 'OpsReindexRuns1732360000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ops_reindex_runs (
        target_index text PRIMARY KEY,
        alias text NOT NULL,
        source_index text NULL,
        status text NOT NULL CHECK (status IN ('building', 'swapped', 'abandoned')),
        batch_size integer NOT NULL,
        last_athlete_id text NULL,
        batches_written integer NOT NULL DEFAULT 0,
        docs_written bigint NOT NULL DEFAULT 0,
        attempts integer NOT NULL DEFAULT 1,
        started_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX ops_reindex_runs_one_build_idx ON ops_reindex_runs (alias) WHERE status = 'building'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS ops_reindex_runs`);
  }
}
