import { dataNodes, RedisStore } from '../redis-client';
import type { DivisionStats, RankingEntry } from '@app/rankings';
import { cacheKeys } from '../keys';
import { ATHLETE_LUA, ENTRIES_LUA, LEADERBOARD_LUA, PAGE_LUA, RANKS_LUA } from '../lua/read-views.lua';
import { LuaScript } from '../lua/script';
import { LEADERBOARD_DEFAULT, RANKINGS_PAGE_DEFAULT } from './score';

const leaderboardScript = new LuaScript('leaderboard', LEADERBOARD_LUA);
const pageScript = new LuaScript('rankings-page', PAGE_LUA);
const athleteScript = new LuaScript('athlete', ATHLETE_LUA);
const ranksScript = new LuaScript('division-ranks', RANKS_LUA);
const entriesScript = new LuaScript('division-entries', ENTRIES_LUA);

export interface LeaderboardBody {
  /** `{"divisionId":…,"items":[…]}`, the response as stored. */
  body: Buffer;
  /** Changes whenever the division's top 100 changes (ETag, SSE). */
  version: number;
}

/** One round trip; null when the division is unknown to this generation. */
export async function readLeaderboardBody(redis: RedisStore, prefix: string, gen: string, divisionId: string, top: number): Promise<LeaderboardBody | null> {
  const keys = cacheKeys(prefix).division(gen, divisionId);
  if (top === LEADERBOARD_DEFAULT) {
    const [body, version] = await redis.hmgetBuffer(keys.views, 'top10', 'lbVersion');
    return body ? { body, version: Number(version ?? 0) } : null;
  }
  const reply = (await leaderboardScript.runBuffer(redis, [keys.order, keys.leaderboardItems, keys.views], [JSON.stringify(divisionId), top])) as
    | [Buffer, Buffer]
    | null;
  return reply ? { body: reply[1], version: Number(reply[0].toString()) } : null;
}

/** Null when the division is unknown to this generation. */
export async function readStatsBody(redis: RedisStore, prefix: string, gen: string, divisionId: string): Promise<Buffer | null> {
  return redis.hgetBuffer(cacheKeys(prefix).division(gen, divisionId).views, 'stats');
}

/** The entry with its division rank, as bytes; null when unknown or not registered yet. */
export async function readAthleteBody(redis: RedisStore, prefix: string, gen: string, divisionId: string, athleteId: string): Promise<Buffer | null> {
  const keys = cacheKeys(prefix).division(gen, divisionId);
  return (await athleteScript.runBuffer(redis, [keys.order, keys.entries], [athleteId])) as Buffer | null;
}

export interface RankingsPageSlice {
  /** The page's items joined by commas (each `{"rank":N,…}`), to put between `[` and `]`. */
  items: Buffer;
  count: number;
  /** Registered athletes in the division. */
  total: number;
  /** Rank of the first item minus one. */
  offset: number;
  /** The last item's athlete and order score (the next cursor's place). */
  last: { athleteId: string; score: number } | null;
}

/**
 * One page of the division order in one round trip: from the start, or after a cursor's
 * athlete if it still has the cursor's score. Null when it moved (the caller falls back).
 */
export async function readRankingsPage(
  redis: RedisStore,
  prefix: string,
  gen: string,
  divisionId: string,
  size: number,
  after: { athleteId: string; score: number } | null,
): Promise<RankingsPageSlice | null> {
  const keys = cacheKeys(prefix).division(gen, divisionId);
  if (!after && size === RANKINGS_PAGE_DEFAULT) {
    const ready = await readFirstPage(redis, keys.views);
    if (ready) return ready;
  }
  const args = [0, size, after?.athleteId ?? '', after ? String(after.score) : ''];
  const reply = (await pageScript.runBuffer(redis, [keys.order, keys.entries], args)) as [Buffer, number, Buffer, Buffer, number, number] | null;
  if (!reply) return null;
  const [items, total, lastId, lastScore, offset, count] = reply;
  const last = count > 0 ? { athleteId: lastId.toString(), score: Number(lastScore.toString()) } : null;
  return { items, count, total, offset, last };
}

/**
 * The default first page the projector keeps ready: one HMGET. Null when this generation
 * has none (a division not seen yet, or a generation built before the page was kept).
 */
async function readFirstPage(redis: RedisStore, views: string): Promise<RankingsPageSlice | null> {
  const [items, meta] = await redis.hmgetBuffer(views, 'firstPage', 'firstPageMeta');
  if (!items || !meta) return null;
  // total|count|last score|last athleteId (last: whatever an id may hold)
  const [total, count, score, ...id] = meta.toString().split('|');
  const athleteId = id.join('|');
  const n = Number(count);
  return { items, count: n, total: Number(total), offset: 0, last: n > 0 ? { athleteId, score: Number(score) } : null };
}

/**
 * Division ranks (1-based, null when not ranked) of athletes, for pages Elasticsearch
 * serves (filters, q): one script running a ZRANK per item, one command for the page.
 */
export async function readDivisionRanks(redis: RedisStore, prefix: string, gen: string, divisionId: string, athleteIds: string[]): Promise<Array<number | null>> {
  if (athleteIds.length === 0) return [];
  const order = cacheKeys(prefix).division(gen, divisionId).order;
  const ranks = (await ranksScript.run(redis, [order], athleteIds)) as number[];
  return ranks.map((rank) => (rank === 0 ? null : rank));
}

/**
 * The stored entries of athletes, with their division ranks, joined by commas (page items
 * as bytes) for a page Elasticsearch ordered (filters, q): one script for the page. Null
 * when one of them is not ranked in this generation yet (the caller reads it elsewhere).
 */
export async function readDivisionEntries(redis: RedisStore, prefix: string, gen: string, divisionId: string, athleteIds: string[]): Promise<Buffer | null> {
  if (athleteIds.length === 0) return Buffer.alloc(0);
  const keys = cacheKeys(prefix).division(gen, divisionId);
  return (await entriesScript.runBuffer(redis, [keys.order, keys.entries], athleteIds)) as Buffer | null;
}

// Parsed forms, for reconcile and tests (not the request path).

export interface LeaderboardItem {
  rank: number;
  athleteId: string;
  name: string;
  points: number;
}

export async function readLeaderboard(redis: RedisStore, prefix: string, gen: string, divisionId: string, top: number): Promise<LeaderboardItem[] | null> {
  const read = await readLeaderboardBody(redis, prefix, gen, divisionId, top);
  return read ? (JSON.parse(read.body.toString()) as { items: LeaderboardItem[] }).items : null;
}

export async function readDivisionStats(redis: RedisStore, prefix: string, gen: string, divisionId: string): Promise<DivisionStats | null> {
  const body = await readStatsBody(redis, prefix, gen, divisionId);
  return body ? (JSON.parse(body.toString()) as DivisionStats) : null;
}

/** The stored entry (without its rank); null if unknown or not registered yet. */
export async function readAthleteEntry(redis: RedisStore, prefix: string, gen: string, athleteId: string): Promise<RankingEntry | null> {
  const divisionId = await redis.hget(cacheKeys(prefix).athleteDivisions, athleteId);
  if (divisionId === null) return null;
  const body = await readAthleteBody(redis, prefix, gen, divisionId, athleteId);
  if (!body) return null;
  const { rank: _rank, ...entry } = JSON.parse(body.toString()) as RankingEntry & { rank: number };
  return entry;
}

/** Every athlete id a generation holds state for, registered or not (reconcile's "extra" check), node by node on a cluster. */
export async function* scanAthleteIds(redis: RedisStore, prefix: string, gen: string): AsyncGenerator<string[]> {
  const pattern = `${prefix}{*}:g${gen}:athletes`;
  for (const node of dataNodes(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        let hashCursor = '0';
        do {
          const [nextField, flat] = await node.hscan(key, hashCursor, 'COUNT', 1000);
          hashCursor = nextField;
          const ids = flat.filter((_, i) => i % 2 === 0);
          if (ids.length > 0) yield ids;
        } while (hashCursor !== '0');
      }
    } while (cursor !== '0');
  }
}
