import type { Pool } from 'pg';
import type { AthleteState } from '@app/rankings';
import type { Progress } from '../cli/progress';
import { countAthletes } from './snapshot-query';
import { readSnapshot } from './snapshot-reader';

export interface StreamOptions {
  pool: Pool;
  batchSize: number;
  /** Resume after this athlete id (a checkpoint); null starts from the first athlete. */
  after: string | null;
  progress: Progress;
  /** Stores one batch; must resolve only once the store acknowledged it. */
  write(states: AthleteState[]): Promise<void>;
  /** Called after each stored batch: the place to persist a checkpoint. */
  stored?(lastAthleteId: string, docs: number): Promise<void>;
}

export interface StreamResult {
  batches: number;
  docs: number;
  lastAthleteId: string | null;
}

/** Postgres → store, batch by batch, with progress and a checkpoint after every batch. */
export async function streamSnapshot(options: StreamOptions): Promise<StreamResult> {
  const { pool, batchSize, after, progress } = options;
  const [remaining, all] = await Promise.all([countAthletes(pool, after), after === null ? Promise.resolve(0) : countAthletes(pool)]);
  const done = after === null ? 0 : all - remaining;
  progress.start(done + remaining, done);
  const result: StreamResult = { batches: 0, docs: 0, lastAthleteId: after };
  try {
    for await (const batch of readSnapshot(pool, after, batchSize)) {
      await options.write(batch.states);
      await options.stored?.(batch.lastAthleteId, batch.states.length);
      result.batches += 1;
      result.docs += batch.states.length;
      result.lastAthleteId = batch.lastAthleteId;
      progress.advance(batch.states.length);
    }
  } finally {
    progress.stop();
  }
  return result;
}
