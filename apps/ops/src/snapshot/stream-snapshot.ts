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

/** Batches being written at once: enough to overlap Postgres, this process and the store. */
const WRITE_WINDOW = 2;

/**
 * Postgres → store, batch by batch, with progress and a checkpoint after every batch.
 * Up to WRITE_WINDOW batches are written concurrently (they hold different athletes, so
 * they never contend), but checkpoints advance strictly in batch order: a checkpoint
 * never claims a batch as stored while an earlier one is still in flight, so `--resume`
 * after a crash redoes at most the window, never skips.
 */
export async function streamSnapshot(options: StreamOptions): Promise<StreamResult> {
  const { pool, batchSize, after, progress } = options;
  const [remaining, all] = await Promise.all([
    countAthletes(pool, after),
    after === null ? Promise.resolve(0) : countAthletes(pool),
  ]);
  const done = after === null ? 0 : all - remaining;
  progress.start(done + remaining, done);
  const result: StreamResult = { batches: 0, docs: 0, lastAthleteId: after };
  const inFlight: Array<{ written: Promise<void>; lastAthleteId: string; docs: number }> = [];
  const settleOldest = async () => {
    const oldest = inFlight.shift()!;
    await oldest.written;
    await options.stored?.(oldest.lastAthleteId, oldest.docs);
    result.batches += 1;
    result.docs += oldest.docs;
    result.lastAthleteId = oldest.lastAthleteId;
    progress.advance(oldest.docs);
  };
  try {
    for await (const batch of readSnapshot(pool, after, batchSize)) {
      const written = options.write(batch.states);
      written.catch(() => undefined); // observed in order by settleOldest; never unhandled
      inFlight.push({ written, lastAthleteId: batch.lastAthleteId, docs: batch.states.length });
      if (inFlight.length >= WRITE_WINDOW) await settleOldest();
    }
    while (inFlight.length > 0) await settleOldest();
  } finally {
    await Promise.allSettled(inFlight.map((b) => b.written)); // no write outlives a failed run
    progress.stop();
  }
  return result;
}
