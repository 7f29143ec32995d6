import { createGenerationResolver, LeaderboardItem, readLeaderboardBody, type RedisStore } from '@app/cache';

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
 * The live generation's stored leaderboard body and its version, read in one round trip
 * (the projection writes both in the script that stores the batch, so the data is exactly
 * the version it is sent under). Parsed once per change per division, then sliced per client.
 */
export function redisLeaderboardSnapshots(redis: RedisStore, prefix: string): ReadLeaderboardSnapshot {
  const generations = createGenerationResolver(redis, prefix);
  return async (divisionId) => {
    const { live } = await generations();
    const stored = await readLeaderboardBody(redis, prefix, live, divisionId, SNAPSHOT_TOP);
    if (!stored) return null;
    const { items } = JSON.parse(stored.body.toString('utf8')) as { items: LeaderboardItem[] };
    return { divisionId, version: stored.version, items };
  };
}
