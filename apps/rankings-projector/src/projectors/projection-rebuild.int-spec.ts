import type { AnyEvent } from '@app/contracts';
import { createRedisClient, readAthleteEntry, readDivisionStats, readLeaderboard, resolveGenerations, scanAthleteIds } from '@app/cache';
import { createLogger } from '@app/observability';
import { createSearchClient, ensureRankingsIndex, factDocumentId, MatchFactDocument, RankingDocument } from '@app/search';
import type { LoadedConfig } from '@app/config';
import { testConfig, testEvents } from '../../test/projector-test-kit';
import { ElasticsearchProjectionStore } from './elasticsearch.store';
import type { ProjectionStore } from './projection-store';
import { readBatch } from './read-batch';
import { RedisProjectionStore } from './redis.store';
import { seededShuffle } from '@test/support';

/**
 * The stores driven exactly as the projector drives them (messages -> readBatch -> apply),
 * without Kafka, so sequences, replays and disorder are deterministic.
 */
const f = testEvents('2026-11-22T18:00:00.000Z');
const m = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T20:00:00.000Z`;
const A = 'elite-men';
const B = 'juniors';

const sequence: AnyEvent[] = [
  f.divisionCreated(A, 'Elite Men'),
  f.divisionCreated(B, 'Juniors'),
  f.athleteRegistered(A, 'a1', 'Rafael Nuñez', 'lightweight', 'AR'),
  f.athleteRegistered(A, 'a2', 'Igor Petrov', 'lightweight', 'RU'),
  f.athleteRegistered(A, 'a3', 'Tom Hardy', 'middleweight', 'GB'),
  f.athleteRegistered(B, 'b1', 'Kai Mäkinen', 'bantam', 'FI'),
  f.athleteRegistered(B, 'b2', 'Leo Rossi', 'bantam', 'IT'),
  f.matchScheduled(A, m(1), 'a1', 'a2'),
  f.matchCompleted(A, { matchId: m(1), red: 'a1', blue: 'a2', winner: 'a1', completedAt: at(1) }),
  f.matchCompleted(A, { matchId: m(2), red: 'a2', blue: 'a3', winner: null, completedAt: at(2) }),
  f.matchCompleted(B, { matchId: m(3), red: 'b1', blue: 'b2', winner: 'b2', completedAt: at(3) }),
  f.resultCorrected(A, { matchId: m(1), red: 'a1', blue: 'a2', winner: 'a2', completedAt: at(1) }),
  f.athleteUpdated(A, 'a3', { name: 'Thomas Hardy', weightClass: 'lightweight', country: 'GB', revision: 2 }),
  f.matchCompleted(A, { matchId: m(4), red: 'a3', blue: 'a1', winner: 'a3', completedAt: at(4) }),
  f.resultCorrected(B, { matchId: m(3), red: 'b1', blue: 'b2', winner: 'b1', completedAt: at(3), revision: 3 }),
];

const expectedLeaderboards = {
  [A]: [
    { rank: 1, athleteId: 'a2', name: 'Igor Petrov', points: 4 },
    { rank: 2, athleteId: 'a3', name: 'Thomas Hardy', points: 4 },
    { rank: 3, athleteId: 'a1', name: 'Rafael Nuñez', points: 0 },
  ],
  [B]: [
    { rank: 1, athleteId: 'b1', name: 'Kai Mäkinen', points: 3 },
    { rank: 2, athleteId: 'b2', name: 'Leo Rossi', points: 0 },
  ],
};

interface Harness {
  config: LoadedConfig;
  es: ElasticsearchProjectionStore;
  redis: RedisProjectionStore;
  /** Athlete documents without `pending` (which facts are still being written depends on write history). */
  dumpEs(): Promise<Array<Omit<RankingDocument, 'pending'>>>;
  fact(athleteId: string, matchId: string): Promise<MatchFactDocument | undefined>;
  dumpRedis(): Promise<unknown>;
  close(): Promise<void>;
}

async function freshProjection(): Promise<Harness> {
  const config = testConfig();
  const search = createSearchClient({ url: config.ELASTICSEARCH_URL, requestTimeoutMs: 5000 });
  const redisClient = createRedisClient(config.REDIS_URL);
  const logger = createLogger('test', 'silent');
  await ensureRankingsIndex(search, config.ELASTICSEARCH_ALIAS);
  const prefix = config.REDIS_KEY_PREFIX;
  return {
    config,
    es: new ElasticsearchProjectionStore(search, config.ELASTICSEARCH_ALIAS, redisClient, prefix, logger),
    redis: new RedisProjectionStore(redisClient, prefix),
    dumpEs: async () => {
      const result = await search.search<RankingDocument>({
        index: config.ELASTICSEARCH_ALIAS,
        size: 100,
        query: { term: { kind: 'athlete' } },
        sort: [{ athleteId: 'asc' }],
      });
      return result.hits.hits.map((h) => {
        const { pending: _pending, ...doc } = h._source as RankingDocument;
        return doc;
      });
    },
    fact: async (athleteId, matchId) =>
      (await search.get<MatchFactDocument>({ index: config.ELASTICSEARCH_ALIAS, id: factDocumentId(athleteId, matchId) }))._source,
    dumpRedis: async () => {
      const { live } = await resolveGenerations(redisClient, prefix);
      const ids: string[] = [];
      for await (const batch of scanAthleteIds(redisClient, prefix, live)) ids.push(...batch);
      ids.sort();
      const states = await Promise.all(ids.map(async (id) => ({ id, entry: await readAthleteEntry(redisClient, prefix, live, id) })));
      const divisions: Record<string, unknown> = {};
      for (const d of [A, B]) {
        divisions[d] = {
          leaderboard: await readLeaderboard(redisClient, prefix, live, d, 100),
          stats: await readDivisionStats(redisClient, prefix, live, d),
        };
      }
      return { states, divisions };
    },
    close: async () => {
      await search.close();
      redisClient.disconnect();
    },
  };
}

/** Delivers events in slices, as the projector does with fetched batches. */
async function deliver(store: ProjectionStore, events: AnyEvent[], sliceSize = 4): Promise<void> {
  for (let i = 0; i < events.length; i += sliceSize) {
    const messages = events.slice(i, i + sliceSize).map((e, j) => ({
      key: Buffer.from(e.divisionId),
      value: Buffer.from(JSON.stringify(e)),
      offset: String(i + j),
      timestamp: '0',
      attributes: 0,
      headers: {},
    }));
    await store.apply(readBatch(messages));
  }
}

describe('projection rebuild from a known event sequence', () => {
  let inOrder: Harness;

  beforeAll(async () => {
    inOrder = await freshProjection();
    await deliver(inOrder.es, sequence);
    await deliver(inOrder.redis, sequence);
  });
  afterAll(() => inOrder.close());

  it('gives the expected Elasticsearch documents', async () => {
    const docs = await inOrder.dumpEs();
    expect(docs.map(({ athleteId, name, weightClass, points, wins, losses, draws, matches, recentForm, lastMatchAt, registered }) => ({
      athleteId, name, weightClass, points, wins, losses, draws, matches, recentForm, lastMatchAt, registered,
    }))).toEqual([
      { athleteId: 'a1', name: 'Rafael Nuñez', weightClass: 'lightweight', points: 0, wins: 0, losses: 2, draws: 0, matches: 2, recentForm: ['L', 'L'], lastMatchAt: at(4), registered: true },
      { athleteId: 'a2', name: 'Igor Petrov', weightClass: 'lightweight', points: 4, wins: 1, losses: 0, draws: 1, matches: 2, recentForm: ['D', 'W'], lastMatchAt: at(2), registered: true },
      { athleteId: 'a3', name: 'Thomas Hardy', weightClass: 'lightweight', points: 4, wins: 1, losses: 0, draws: 1, matches: 2, recentForm: ['W', 'D'], lastMatchAt: at(4), registered: true },
      { athleteId: 'b1', name: 'Kai Mäkinen', weightClass: 'bantam', points: 3, wins: 1, losses: 0, draws: 0, matches: 1, recentForm: ['W'], lastMatchAt: at(3), registered: true },
      { athleteId: 'b2', name: 'Leo Rossi', weightClass: 'bantam', points: 0, wins: 0, losses: 1, draws: 0, matches: 1, recentForm: ['L'], lastMatchAt: at(3), registered: true },
    ]);
    expect(await inOrder.fact('a1', m(1))).toEqual({ kind: 'match-fact', fact: { athleteId: 'a1', matchId: m(1), revision: 2, outcome: 'L', completedAt: at(1), opponentId: 'a2' } });
  });

  it('gives the expected Redis leaderboards and stats', async () => {
    const dump = (await inOrder.dumpRedis()) as { divisions: Record<string, { leaderboard: unknown; stats: unknown }> };
    expect(dump.divisions[A]).toEqual({
      leaderboard: expectedLeaderboards[A],
      stats: { divisionId: A, athletes: 3, matchesCompleted: 3, lastMatchAt: at(4) },
    });
    expect(dump.divisions[B]).toEqual({
      leaderboard: expectedLeaderboards[B],
      stats: { divisionId: B, athletes: 2, matchesCompleted: 1, lastMatchAt: at(3) },
    });
  });

  it('is unchanged when the same sequence is replayed (at-least-once redelivery)', async () => {
    const [esBefore, redisBefore] = [await inOrder.dumpEs(), await inOrder.dumpRedis()];
    await deliver(inOrder.es, sequence, 5);
    await deliver(inOrder.redis, sequence, 5);
    expect(await inOrder.dumpEs()).toEqual(esBefore);
    expect(await inOrder.dumpRedis()).toEqual(redisBefore);
  });

  it('is the same for shuffled delivery across divisions with duplicates, corrections first and updates before registrations', async () => {
    const disordered = await freshProjection();
    try {
      // The correction of m(1), the update of a3 and a result for a1/a3 come first, before
      // the registrations and results they change; the rest is shuffled across divisions
      // (seeded, so a failure reproduces) with duplicates of the results mixed in.
      const early = [sequence[11], sequence[12], sequence[13]];
      const rest = sequence.filter((e) => !early.includes(e));
      const events = [...early, ...seededShuffle([...rest, ...sequence.slice(8, 15)], 7)];
      await deliver(disordered.es, events, 3);
      await deliver(disordered.redis, events, 3);
      expect(await disordered.dumpEs()).toEqual(await inOrder.dumpEs());
      expect(await disordered.dumpRedis()).toEqual(await inOrder.dumpRedis());
    } finally {
      await disordered.close();
    }
  });
});
