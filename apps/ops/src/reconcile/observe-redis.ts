import type { Redis } from 'ioredis';
import { LeaderboardItem, readDivisionRanks, readLeaderboard } from '@app/cache';
import type { DivisionRanks } from './observe-elasticsearch';

/**
 * A division's whole leaderboard as `GET /divisions/:id/leaderboard` serves it (the same
 * library read over the division's order set and leaderboard items), with room past the
 * expected length so extra members show up. Thin on purpose: when the read model
 * changes, only this adapter follows it.
 */
export async function observeLeaderboard(redis: Redis, prefix: string, generation: string, divisionId: string, expected: number): Promise<LeaderboardItem[]> {
  return (await readLeaderboard(redis, prefix, generation, divisionId, expected + 1000)) ?? [];
}

/** The division ranks `/rankings` prints on pages Elasticsearch serves: one ZRANK each in the division's order set. */
export function observeDivisionRanks(redis: Redis, prefix: string, generation: string, divisionId: string): DivisionRanks {
  return (athleteIds) => readDivisionRanks(redis, prefix, generation, divisionId, athleteIds);
}
