import { compareDivisionOrder, RankedEntry } from '@app/rankings';
import { createRedisClient, orderScore, orderScoreLua } from '@app/cache';
import { createSearchClient, ensureRankingsIndex, RankingDocument, searchRankings } from '@app/search';
import { uniqueName } from '@test/support';
import { generateRankedAthletes, WEIGHT_CLASSES } from '@test/support/ranked-athletes';

/**
 * The division order generated from DIVISION_ORDER, through the real stores: the embedded
 * Elasticsearch over HTTP with the real client (DIVISION_SORT pages with search_after, the
 * "ranked before" count per athlete in one _msearch per page) and Redis (the order set
 * scored by orderScore in Node and by its Lua twin in a script, as the projector does),
 * each against the comparator on the same seeded athletes with many ties.
 */
const client = createSearchClient({ url: process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200', requestTimeoutMs: 60_000 });
const redis = createRedisClient(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = uniqueName('order');
afterAll(async () => {
  await redis.del(...DIVISIONS.flatMap((d) => [`${prefix}:${d}:node`, `${prefix}:${d}:lua`]));
  await Promise.all([client.close(), redis.quit()]);
});

const DIVISIONS = ['d1', 'd2'];
const docs = generateRankedAthletes({ seed: 1919, count: 1200, divisions: DIVISIONS });
const truth = (divisionId: string) => docs.filter((d) => d.divisionId === divisionId && d.registered).sort(compareDivisionOrder);
const ranksOf = (ids: string[]) => ids.map((id, i) => `${i + 1}:${id}`);
const ranked = (items: RankedEntry[]) => [...items].sort((a, b) => a.rank - b.rank).map((e) => `${e.rank}:${e.athleteId}`);

async function indexAll(alias: string): Promise<void> {
  const [index] = await ensureRankingsIndex(client, alias);
  const operations = docs.flatMap((doc) => [{ index: { _index: index, _id: doc.athleteId } }, doc]);
  const result = await client.bulk({ operations, refresh: true });
  expect(result.errors).toBe(false);
}

/** Every page of the query, following the cursor. */
async function allPages(alias: string, query: { divisionId: string; weightClass?: string }): Promise<RankedEntry[]> {
  const items: RankedEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await searchRankings(client, alias, { ...query, size: 100, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

describe('division order agreement through the real stores', () => {
  const alias = uniqueName('order');
  beforeAll(() => indexAll(alias));

  it('Elasticsearch pages each division in the comparator order (DIVISION_SORT with search_after)', async () => {
    for (const d of DIVISIONS) {
      const items = await allPages(alias, { divisionId: d });
      expect(items.map((e) => `${e.rank}:${e.athleteId}`)).toEqual(ranksOf(truth(d).map((e) => e.athleteId)));
    }
  });

  it('Elasticsearch counts every athlete the comparator rank (the ranked-before query, per weight class)', async () => {
    for (const d of DIVISIONS) {
      const items: RankedEntry[] = [];
      // A weight-class filter makes the rank a count of the division's athletes ranked before.
      for (const weightClass of WEIGHT_CLASSES) items.push(...(await allPages(alias, { divisionId: d, weightClass })));
      expect(ranked(items)).toEqual(ranksOf(truth(d).map((e) => e.athleteId)));
    }
  });

  it('Redis orders the set as the comparator does, scored in Node and by the Lua twin the projector runs', async () => {
    const script = `for i = 1, #ARGV, 4 do
  local points, wins, losses = tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
  redis.call('ZADD', KEYS[1], ${orderScoreLua({ points: 'points', wins: 'wins', losses: 'losses' })}, ARGV[i])
end`;
    for (const d of DIVISIONS) {
      const athletes = truth(d).reverse(); // inserted against the order
      const [node, lua] = [`${prefix}:${d}:node`, `${prefix}:${d}:lua`];
      await redis.zadd(node, ...athletes.flatMap((a) => [orderScore(a), a.athleteId]));
      await redis.eval(script, 1, lua, ...athletes.flatMap((a: RankingDocument) => [a.athleteId, a.points, a.wins, a.losses]));
      const expected = truth(d).flatMap((a) => [a.athleteId, String(orderScore(a))]);
      expect(await redis.zrange(node, 0, -1, 'WITHSCORES')).toEqual(expected);
      expect(await redis.zrange(lua, 0, -1, 'WITHSCORES')).toEqual(expected);
    }
  });
});
