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
 * Today's read model: the version and the top of the live generation, sent together on one
 * connection so Redis runs the version read first: the data is never older than the version
 * it is sent under (a newer change re-sends it anyway).
 * At merge this is re-pointed at the new Redis read model's leaderboard read.
 */
export function redisLeaderboardSnapshots(redis: Redis, prefix: string): ReadLeaderboardSnapshot {
  const generations = createGenerationResolver(redis, prefix);
  return async (divisionId) => {
    const { live } = await generations();
    const [version, items] = await Promise.all([
      readLeaderboardVersion(redis, prefix, divisionId),
      readLeaderboard(redis, prefix, live, divisionId, SNAPSHOT_TOP),
    ]);
    return items ? { divisionId, version, items } : null;
  };
}
