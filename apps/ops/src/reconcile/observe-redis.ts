import { LeaderboardItem, readDivisionRanks, readLeaderboard, readRankingsPage, type RedisStore } from '@app/cache';
import type { RankedEntry } from '@app/rankings';
import type { DivisionRanks } from './observe-elasticsearch';

const PAGE = 500;

/**
 * A division's whole leaderboard as `GET /divisions/:id/leaderboard` serves it (the same
 * library read over the division's order set and leaderboard items), with room past the
 * expected length so extra members show up. Thin on purpose: when the read model
 * changes, only this adapter follows it.
 */
export async function observeLeaderboard(redis: RedisStore, prefix: string, generation: string, divisionId: string, expected: number): Promise<LeaderboardItem[]> {
  return (await readLeaderboard(redis, prefix, generation, divisionId, expected + 1000)) ?? [];
}

/** The division ranks `/rankings` prints on pages Elasticsearch serves: one ZRANK each in the division's order set. */
export function observeDivisionRanks(redis: RedisStore, prefix: string, generation: string, divisionId: string): DivisionRanks {
  return (athleteIds) => readDivisionRanks(redis, prefix, generation, divisionId, athleteIds);
}

/**
 * A division's whole `GET /rankings?divisionId=` list as the read API serves it without
 * filters: pages of the division order read from Redis (the same library read), each
 * continuing after the previous page's last athlete.
 */
export async function observeRedisRankings(redis: RedisStore, prefix: string, generation: string, divisionId: string): Promise<RankedEntry[]> {
  const entries: RankedEntry[] = [];
  let after: { athleteId: string; score: number } | null = null;
  for (;;) {
    const page = await readRankingsPage(redis, prefix, generation, divisionId, PAGE, after);
    if (!page || page.count === 0) return entries;
    entries.push(...(JSON.parse(`[${page.items.toString()}]`) as RankedEntry[]));
    if (page.count < PAGE || !page.last) return entries;
    after = page.last;
  }
}
