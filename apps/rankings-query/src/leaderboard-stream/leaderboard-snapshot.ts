import type { Redis } from 'ioredis';
import { createGenerationResolver, LeaderboardItem, readLeaderboard, readLeaderboardVersion } from '@app/cache';

/** The most a stream client can ask for (`top` 1..100): read once, sliced per client. */
export const SNAPSHOT_TOP = 100;

export interface LeaderboardSnapshot {
  divisionId: string;
  /** The version announced on the change channel; the data is at least that new. */
  version: number;
  items: LeaderboardItem[];
}

/** Null when the division is unknown. */
export type ReadLeaderboardSnapshot = (divisionId: string) => Promise<LeaderboardSnapshot | null>;

/**
 * Today's read model: the version first, then the top of the live generation, so the data
 * is never older than the version it is sent under (a newer change re-sends it anyway).
 * At merge this is re-pointed at the new Redis read model's leaderboard read.
 */
export function redisLeaderboardSnapshots(redis: Redis, prefix: string): ReadLeaderboardSnapshot {
  const generations = createGenerationResolver(redis, prefix);
  return async (divisionId) => {
    const version = await readLeaderboardVersion(redis, prefix, divisionId);
    const { live } = await generations();
    const items = await readLeaderboard(redis, prefix, live, divisionId, SNAPSHOT_TOP);
    return items ? { divisionId, version, items } : null;
  };
}
