import type { Redis } from 'ioredis';

/**
 * "A division's leaderboard changed": published by the Redis projection after each stored
 * batch, one message per division the batch touched, on ONE channel per key prefix, so a
 * read process needs one subscription however many divisions and clients it serves.
 * `version` grows by one per message of a division; it is the SSE event id clients resume from.
 */
export interface LeaderboardChanged {
  divisionId: string;
  version: number;
}

export function leaderboardChangedChannel(prefix: string): string {
  return `${prefix}leaderboard-changed`;
}

/** Outside the generations, so a rebuild never moves a division's version backwards. The braces keep one division's keys in one Cluster slot. */
function versionKey(prefix: string, divisionId: string): string {
  return `${prefix}leaderboard-version:{${divisionId}}`;
}

// Counting and publishing in one script: a message never carries a version another message also got.
const PUBLISH_SCRIPT = `
local v = redis.call('INCR', KEYS[1])
redis.call('PUBLISH', ARGV[1], '{"divisionId":' .. cjson.encode(ARGV[2]) .. ',"version":' .. v .. '}')
return v`;

/** Bumps each division's version and announces it; one round trip for the whole batch. */
export async function publishLeaderboardChanges(redis: Redis, prefix: string, divisionIds: string[]): Promise<void> {
  if (divisionIds.length === 0) return;
  const pipeline = redis.pipeline();
  for (const divisionId of divisionIds) {
    pipeline.eval(PUBLISH_SCRIPT, 1, versionKey(prefix, divisionId), leaderboardChangedChannel(prefix), divisionId);
  }
  for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
}

/** The division's current version (0 before its first change). */
export async function readLeaderboardVersion(redis: Redis, prefix: string, divisionId: string): Promise<number> {
  return Number((await redis.get(versionKey(prefix, divisionId))) ?? 0);
}

/** Null for a message that is not one of ours (the channel is shared by every writer of the prefix). */
export function parseLeaderboardChanged(message: string): LeaderboardChanged | null {
  try {
    const parsed = JSON.parse(message) as Partial<LeaderboardChanged>;
    return typeof parsed.divisionId === 'string' && Number.isInteger(parsed.version) ? (parsed as LeaderboardChanged) : null;
  } catch {
    return null;
  }
}
