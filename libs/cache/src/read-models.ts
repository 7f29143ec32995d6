import type { Redis } from 'ioredis';
import { athleteIdFromSortKey, AthleteState, DivisionStats, RankingEntry } from '@app/rankings';
import { cacheKeys } from './keys';

export interface LeaderboardItem {
  rank: number;
  athleteId: string;
  name: string;
  points: number;
}

/**
 * Reads the top of a division's leaderboard in one round trip: the sorted set gives the
 * order, each member's hash gives name and points (a Lua script so the pair is consistent).
 */
const LEADERBOARD_SCRIPT = `
local ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
local out = {}
for i, member in ipairs(ids) do out[i] = {member, redis.call('HGET', ARGV[1] .. string.match(member, '^[^:]*:[^:]*:[^:]*:(.*)$'), 'entry') or ''} end
return out
`;

/** Null when the division is unknown to this generation. */
export async function readLeaderboard(redis: Redis, prefix: string, gen: string, divisionId: string, top: number): Promise<LeaderboardItem[] | null> {
  const keys = cacheKeys(prefix).generation(gen);
  const [known, rows] = await Promise.all([
    redis.exists(keys.division(divisionId)),
    redis.eval(LEADERBOARD_SCRIPT, 1, keys.leaderboard(divisionId), keys.athletePrefix, String(top)) as Promise<Array<[string, string]>>,
  ]);
  if (!known && rows.length === 0) return null;
  return rows.map(([member, entry], i) => {
    const parsed = entry ? (JSON.parse(entry) as RankingEntry) : null;
    return { rank: i + 1, athleteId: athleteIdFromSortKey(member), name: parsed?.name ?? '', points: parsed?.points ?? 0 };
  });
}

/** Null when the division is unknown to this generation. */
export async function readDivisionStats(redis: Redis, prefix: string, gen: string, divisionId: string): Promise<DivisionStats | null> {
  const keys = cacheKeys(prefix).generation(gen);
  const replies = await redis
    .pipeline()
    .exists(keys.division(divisionId))
    .zcard(keys.leaderboard(divisionId))
    .zcard(keys.matches(divisionId))
    .zrange(keys.matches(divisionId), -1, -1, 'WITHSCORES')
    .exec();
  const [known, athletes, matches, last] = (replies ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  }) as [number, number, number, string[]];
  if (!known && athletes === 0 && matches === 0) return null;
  const lastMatchAt = last.length === 2 ? new Date(Number(last[1])).toISOString() : null;
  return { divisionId, athletes, matchesCompleted: matches, lastMatchAt };
}

/** The stored entry of one athlete (null if unknown or not registered yet). */
export async function readAthleteEntry(redis: Redis, prefix: string, gen: string, athleteId: string): Promise<RankingEntry | null> {
  const entry = await redis.hget(cacheKeys(prefix).generation(gen).athlete(athleteId), 'entry');
  return entry ? (JSON.parse(entry) as RankingEntry) : null;
}

/** Every athlete state of a generation, in SCAN batches (for reconcile and audits). */
export async function* scanAthleteStates(redis: Redis, prefix: string, gen: string, count = 500): AsyncGenerator<AthleteState[]> {
  const pattern = `${cacheKeys(prefix).generation(gen).athletePrefix}*`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', count);
    cursor = next;
    if (keys.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.hget(key, 'state');
    const replies = (await pipeline.exec()) ?? [];
    const states = replies.map(([, v]) => v as string | null).filter((v): v is string => Boolean(v));
    yield states.map((s) => JSON.parse(s) as AthleteState);
  } while (cursor !== '0');
}
