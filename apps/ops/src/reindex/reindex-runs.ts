import type { Pool } from 'pg';

export type RunStatus = 'building' | 'swapped' | 'abandoned';

/** One index build, as recorded in `ops_reindex_runs` (the `--resume` checkpoint). */
export interface ReindexRun {
  targetIndex: string;
  alias: string;
  sourceIndex: string | null;
  status: RunStatus;
  batchSize: number;
  /** Every athlete up to this id is stored in the target index. */
  lastAthleteId: string | null;
  batchesWritten: number;
  docsWritten: number;
  attempts: number;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

interface RunRow {
  target_index: string;
  alias: string;
  source_index: string | null;
  status: RunStatus;
  batch_size: number;
  last_athlete_id: string | null;
  batches_written: number;
  docs_written: string;
  attempts: number;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

/**
 * The checkpoint store. Every write is its own committed statement, so what it says
 * survives a `kill -9` of the CLI at any point; a checkpoint only ever follows an
 * acknowledged bulk write, so resuming from it can repeat a batch but never skip one.
 */
export class ReindexRuns {
  constructor(private readonly pool: Pool) {}

  async unfinished(alias: string): Promise<ReindexRun | null> {
    const { rows } = await this.pool.query<RunRow>(`SELECT * FROM ops_reindex_runs WHERE alias = $1 AND status = 'building'`, [alias]);
    return rows[0] ? toRun(rows[0]) : null;
  }

  /** Complete indices that have served, newest version first: the rollback candidates. */
  async swapped(alias: string): Promise<ReindexRun[]> {
    const { rows } = await this.pool.query<RunRow>(
      `SELECT * FROM ops_reindex_runs WHERE alias = $1 AND status = 'swapped' ORDER BY target_index DESC`,
      [alias],
    );
    return rows.map(toRun);
  }

  async begin(run: Pick<ReindexRun, 'targetIndex' | 'alias' | 'sourceIndex' | 'batchSize'>): Promise<ReindexRun> {
    const { rows } = await this.pool.query<RunRow>(
      `INSERT INTO ops_reindex_runs (target_index, alias, source_index, status, batch_size)
       VALUES ($1, $2, $3, 'building', $4) RETURNING *`,
      [run.targetIndex, run.alias, run.sourceIndex, run.batchSize],
    );
    return toRun(rows[0]!);
  }

  async resumed(targetIndex: string): Promise<void> {
    await this.pool.query(`UPDATE ops_reindex_runs SET attempts = attempts + 1, updated_at = now() WHERE target_index = $1`, [targetIndex]);
  }

  /** The index had to be recreated: nothing of the earlier attempts is stored any more. */
  async restart(targetIndex: string): Promise<void> {
    await this.pool.query(
      `UPDATE ops_reindex_runs SET last_athlete_id = NULL, batches_written = 0, docs_written = 0, updated_at = now() WHERE target_index = $1`,
      [targetIndex],
    );
  }

  async checkpoint(targetIndex: string, lastAthleteId: string, docs: number): Promise<void> {
    await this.pool.query(
      `UPDATE ops_reindex_runs
          SET last_athlete_id = $2, batches_written = batches_written + 1, docs_written = docs_written + $3, updated_at = now()
        WHERE target_index = $1 AND status = 'building'`,
      [targetIndex, lastAthleteId, docs],
    );
  }

  async finish(targetIndex: string, status: Exclude<RunStatus, 'building'>): Promise<void> {
    await this.pool.query(
      `UPDATE ops_reindex_runs SET status = $2, finished_at = now(), updated_at = now() WHERE target_index = $1`,
      [targetIndex, status],
    );
  }

  /**
   * An index that served before ops ever built one (the query service creates the first
   * on a fresh cluster) is complete too: recorded so `rollback` can return to it.
   */
  async recordServed(index: string, alias: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO ops_reindex_runs (target_index, alias, status, batch_size, finished_at)
       VALUES ($1, $2, 'swapped', 0, now()) ON CONFLICT (target_index) DO NOTHING`,
      [index, alias],
    );
  }

  async get(targetIndex: string): Promise<ReindexRun | null> {
    const { rows } = await this.pool.query<RunRow>(`SELECT * FROM ops_reindex_runs WHERE target_index = $1`, [targetIndex]);
    return rows[0] ? toRun(rows[0]) : null;
  }
}

function toRun(row: RunRow): ReindexRun {
  return {
    targetIndex: row.target_index,
    alias: row.alias,
    sourceIndex: row.source_index,
    status: row.status,
    batchSize: row.batch_size,
    lastAthleteId: row.last_athlete_id,
    batchesWritten: row.batches_written,
    docsWritten: Number(row.docs_written),
    attempts: row.attempts,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}
