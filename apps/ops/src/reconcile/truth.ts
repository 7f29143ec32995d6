import type { Pool } from 'pg';
import { AthleteState, RankedEntry, RankingEntry, rankDivision, toRankingEntry } from '@app/rankings';
import { readSnapshot } from '../snapshot/snapshot-reader';

/** What Postgres says every read model should hold, gathered in one pass. */
export interface Truth {
  /** athleteId → entry, in keyset batches as read (for batched store lookups). */
  batches: Array<Map<string, RankingEntry>>;
  athleteIds: Set<string>;
  /** divisionId → its athletes' states (for leaderboards and stats). */
  byDivision: Map<string, AthleteState[]>;
  divisions: string[];
  /** divisionId → what users should see: its registered athletes in division order with their ranks. */
  ranked: Map<string, RankedEntry[]>;
}

export async function readTruth(pool: Pool, batchSize: number): Promise<Truth> {
  const truth: Truth = { batches: [], athleteIds: new Set(), byDivision: new Map(), divisions: [], ranked: new Map() };
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM divisions ORDER BY id');
  truth.divisions = rows.map((r) => r.id);
  for (const id of truth.divisions) truth.byDivision.set(id, []);
  for await (const batch of readSnapshot(pool, null, batchSize)) {
    const entries = new Map<string, RankingEntry>();
    for (const state of batch.states) {
      truth.athleteIds.add(state.athleteId);
      const entry = toRankingEntry(state);
      if (entry) entries.set(state.athleteId, entry);
      truth.byDivision.get(state.divisionId)?.push(state);
    }
    truth.batches.push(entries);
  }
  for (const [divisionId, states] of truth.byDivision) {
    truth.ranked.set(divisionId, rankDivision(states.map(toRankingEntry).filter((e): e is RankingEntry => e !== null)));
  }
  return truth;
}
