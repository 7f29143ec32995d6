import { createRedisClient, readLeaderboard, resolveGenerations } from '@app/cache';
import type { AnyEvent } from '@app/contracts';
import { projectorGroupId } from '@app/kafka';
import { projectAthletes, rankDivision, RankingEntry, toRankingEntry } from '@app/rankings';
import { createSearchClient, entryFromDocument, RankingDocument } from '@app/search';
import type { ProjectorApp } from '../app.factory';
import { committedTotal, eventually, startProjectorApp, testConfig, testEvents, TestEventProducer, topicEndTotal } from '../../test/projector-test-kit';

/**
 * Two projector processes in one consumer group share the partitions (and take them over
 * from each other when one stops) and leave the stores exactly as the rules say for the
 * whole history: every division in Elasticsearch and every Redis leaderboard.
 */
const f = testEvents();
const divisions = ['sg-a', 'sg-b', 'sg-c', 'sg-d', 'sg-e', 'sg-f'];
const config = testConfig();
let producer: TestEventProducer;
const apps: ProjectorApp[] = [];

function history(): AnyEvent[] {
  const events: AnyEvent[] = [];
  let n = 0;
  for (const d of divisions) {
    const athletes = [1, 2, 3, 4, 5].map((i) => `${d}-${i}`);
    athletes.forEach((a) => events.push(f.athleteRegistered(d, a, `Athlete ${a}`)));
    for (let m = 0; m < 30; m++, n++) {
      const [red, blue] = [athletes[m % 5], athletes[(m + 1 + (m % 3)) % 5]];
      events.push(f.matchCompleted(d, { matchId: f.nextId(), red, blue, winner: m % 4 === 0 ? null : red, completedAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString() }));
    }
  }
  return events;
}

beforeAll(async () => {
  producer = new TestEventProducer(config);
  await producer.connect();
});

afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await producer?.disconnect();
});

it('converges to the rules with two processes sharing the group, one of them stopping half-way', async () => {
  const events = history();
  apps.push(await startProjectorApp(config), await startProjectorApp(config));
  await producer.send(events.slice(0, events.length / 2));
  await apps[0].close(); // its partitions move to the other process
  await producer.send(events.slice(events.length / 2));
  const end = await topicEndTotal(producer.client, config.KAFKA_TOPIC);
  for (const projection of ['elasticsearch', 'redis']) {
    await eventually(async () => expect(await committedTotal(producer.client, projectorGroupId(config.KAFKA_TOPIC, projection), config.KAFKA_TOPIC)).toBe(end), 60_000);
  }

  const truth = [...projectAthletes(events).values()].map(toRankingEntry).filter((e): e is RankingEntry => e !== null);
  const search = createSearchClient({ url: config.ELASTICSEARCH_URL, requestTimeoutMs: 10_000 });
  const redis = createRedisClient(config.REDIS_URL);
  try {
    await search.indices.refresh({ index: config.ELASTICSEARCH_ALIAS });
    const { hits } = await search.search<RankingDocument>({ index: config.ELASTICSEARCH_ALIAS, size: 100, query: { term: { kind: 'athlete' } } });
    const stored = hits.hits.map((h) => entryFromDocument(h._source!)).sort((a, b) => a.athleteId.localeCompare(b.athleteId));
    expect(stored).toEqual([...truth].sort((a, b) => a.athleteId.localeCompare(b.athleteId)));
    const { live } = await resolveGenerations(redis, config.REDIS_KEY_PREFIX);
    for (const d of divisions) {
      const expected = rankDivision(truth.filter((e) => e.divisionId === d)).map((e) => ({ rank: e.rank, athleteId: e.athleteId, name: e.name, points: e.points }));
      expect(await readLeaderboard(redis, config.REDIS_KEY_PREFIX, live, d, 10)).toEqual(expected);
    }
  } finally {
    await search.close();
    redis.disconnect();
  }
}, 120_000);
