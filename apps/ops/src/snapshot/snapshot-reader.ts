import type { Pool } from 'pg';
import type { AthleteState } from '@app/rankings';
import { selectAthletesAfter } from './snapshot-query';

export interface SnapshotBatch {
  states: AthleteState[];
  /** The keyset position after this batch: the checkpoint once the batch is stored. */
  lastAthleteId: string;
}

/**
 * Streams the system of record in athlete-id order, `batchSize` athletes per query,
 * starting after `after` (a checkpoint) or from the start. The next batch is read while
 * the caller stores the current one, so Postgres and the store work in parallel.
 *
 * Each batch is its own consistent snapshot rather than one long transaction: a build
 * that runs for minutes must not hold back vacuum on the writer. Changes committed after
 * a batch was read reach the new index through the live projector (registered before
 * the first batch), and the mergeable writes keep whichever revision is newer.
 */
export async function* readSnapshot(pool: Pool, after: string | null, batchSize: number): AsyncGenerator<SnapshotBatch> {
  let next = selectAthletesAfter(pool, after, batchSize);
  try {
    for (;;) {
      const states = await next;
      if (states.length === 0) return;
      const lastAthleteId = states[states.length - 1]!.athleteId;
      next = states.length < batchSize ? Promise.resolve([]) : selectAthletesAfter(pool, lastAthleteId, batchSize);
      yield { states, lastAthleteId };
    }
  } finally {
    // A consumer that stops early (error, crash path) must not leave a rejected read unhandled.
    next.catch(() => undefined);
  }
}
