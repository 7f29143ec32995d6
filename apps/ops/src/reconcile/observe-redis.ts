import type { Redis } from 'ioredis';
import { LeaderboardItem, readLeaderboard } from '@app/cache';

/**
 * A division's whole leaderboard as `GET /divisions/:id/leaderboard` serves its top (the
 * same library read), with room past the expected length so extra members show up.
 * Thin on purpose: when the read model changes, only this adapter follows it.
 */
export async function observeLeaderboard(redis: Redis, prefix: string, generation: string, divisionId: string, expected: number): Promise<LeaderboardItem[]> {
  return (await readLeaderboard(redis, prefix, generation, divisionId, expected + 1000)) ?? [];
}
