import { createTestDatabase, eventually as eventuallyDefined, REPO_ROOT, RunningProcess, RunningService, serviceEnv, startProcess, startService, TestDatabase } from '@test/support';
import type { ProjectionReport } from '@app/watermark';
import type { ProjectorApp } from '../app.factory';
import {
  committedTotal,
  eventually,
  getJson,
  readMetric,
  startProjectorApp,
  testConfig,
  testEvents,
  TestEventProducer,
  topicEndTotal,
} from '../../test/projector-test-kit';
import { projectorGroupId } from '@app/kafka';

/**
 * The incident as a test: Elasticsearch stops answering (its process is frozen with
 * SIGSTOP) while results keep arriving. The ES projector must stop committing, open its
 * breaker and go loudly stale; the Redis projector must carry on; after SIGCONT the ES
 * projection must catch up and health return to 200, all without a restart.
 */
const SLA_MS = 1500;
const D = 'war-story';
const m = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const f = testEvents();

let es: RunningProcess;
/** Freshness reads the outbox: this test's own database, drained (the events go straight to Kafka). */
let db: TestDatabase;
let service: ProjectorApp;
/** The read API over this test's stores (compiled output: `npm run build` first). */
let query: RunningService;
let producer: TestEventProducer;
let topic: string;

async function startFreezableElasticsearch(): Promise<{ process: RunningProcess; url: string }> {
  const child = startProcess('node', ['dist/libs/embedded-elasticsearch/src/main.js'], {
    ...process.env,
    EMBEDDED_ES_PORT: '0',
    EMBEDDED_ES_DATA_DIR: '',
    LOG_LEVEL: 'info',
  });
  const url = await eventuallyDefined(async () => /"url":"([^"]+)"/.exec(child.output())?.[1], 15_000, `embedded ES to start (cwd ${REPO_ROOT})`);
  return { process: child, url };
}

beforeAll(async () => {
  const standIn = await startFreezableElasticsearch();
  es = standIn.process;
  db = await createTestDatabase();
  const config = testConfig({ DATABASE_URL: db.url, ELASTICSEARCH_URL: standIn.url, FRESHNESS_SLA_MS: String(SLA_MS), ELASTICSEARCH_REQUEST_TIMEOUT_MS: '400' });
  topic = config.KAFKA_TOPIC;
  producer = new TestEventProducer(config);
  await producer.connect();
  service = await startProjectorApp(config, { monitorIntervalMs: 100, breakerHalfOpenAfterMs: 500 });
  query = await startService('rankings-query', serviceEnv(config));
});

afterAll(async () => {
  if (es?.child.pid) process.kill(es.child.pid, 'SIGCONT');
  await service?.close();
  await query?.stop(10_000);
  await producer?.disconnect();
  await es?.stop(5000);
  await db?.drop();
});

const projections = async () => (await getJson<ProjectionReport[]>(`${service.url}/projections`)).body;
const byName = async (name: string) => (await projections()).find((p) => p.name === name)!;

it('stops, goes loudly stale and recovers by itself when Elasticsearch freezes', async () => {
  const registered = [f.divisionCreated(D), f.athleteRegistered(D, 'champ', 'Old Champion'), f.athleteRegistered(D, 'rival', 'New Champion')];
  await producer.send(registered);
  const seeded = await getJson(`${query.url}/athletes/champ?waitFor=${registered[2].eventId}&waitMs=10000`);
  expect(seeded.headers.get('x-projection-stale')).toBeNull();
  await eventually(async () => expect((await getJson(`${service.url}/health`)).status).toBe(200));
  const esGroup = projectorGroupId(topic, 'elasticsearch');
  const redisGroup = projectorGroupId(topic, 'redis');
  await eventually(async () => expect(await committedTotal(producer.client, esGroup, topic)).toBe(await topicEndTotal(producer.client, topic)));

  process.kill(es.child.pid!, 'SIGSTOP');
  const frozenAt = await committedTotal(producer.client, esGroup, topic);
  const results = [1, 2, 3].map((n) =>
    f.matchCompleted(D, { matchId: m(n), red: 'champ', blue: 'rival', winner: 'rival', completedAt: `2026-11-2${n}T23:59:00.000Z` }),
  );
  for (const result of results) {
    await producer.send([result]);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const last = results[results.length - 1];

  // The Redis projection is not held back by the Elasticsearch outage.
  const board = await getJson<{ items: Array<{ athleteId: string; points: number }> }>(
    `${query.url}/divisions/${D}/leaderboard?waitFor=${last.eventId}&waitMs=10000`,
  );
  expect(board.headers.get('x-projection-stale')).toBeNull();
  expect(board.body.items[0]).toMatchObject({ athleteId: 'rival', points: 9 });
  expect(await committedTotal(producer.client, redisGroup, topic)).toBe(await topicEndTotal(producer.client, topic));

  // Elasticsearch: breaker open, consumption paused, offsets held, health 503, gauge rising.
  await eventually(async () => expect(await byName('elasticsearch')).toMatchObject({ status: 'paused', breaker: expect.stringMatching(/open/) }));
  const health = await eventually(async () => {
    const response = await getJson<{ error: Record<string, { message: string }> }>(`${service.url}/health`);
    expect(response.status).toBe(503);
    return response.body;
  });
  expect(health.error['projection:elasticsearch'].message).toMatch(/projection elasticsearch is \d+ ms behind \(SLA 1500 ms/);
  // The read API's own freshness view says so too, although it runs no projector.
  await eventually(async () => expect((await getJson(`${query.url}/health`)).status).toBe(503));
  const lag1 = (await readMetric(service.url, 'projection_freshness_lag_seconds', { projection: 'elasticsearch' }))!;
  expect(lag1).toBeGreaterThan(SLA_MS / 1000);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const lag2 = (await readMetric(service.url, 'projection_freshness_lag_seconds', { projection: 'elasticsearch' }))!;
  expect(lag2).toBeGreaterThan(lag1);
  // Redis is not held back: its lag is 0. Polled, because on a loaded machine one freshness
  // read can time out, and an unknown lag grows by the interval until the next read answers
  // (a held-back projection would never read 0 again).
  await eventually(async () => expect(await readMetric(service.url, 'projection_freshness_lag_seconds', { projection: 'redis' })).toBe(0));
  expect(await committedTotal(producer.client, esGroup, topic)).toBe(frozenAt);
  // ...and how many events it has not stored: the topic's end minus its committed offsets, as Kafka says.
  const unstored = (await topicEndTotal(producer.client, topic)) - frozenAt;
  expect(unstored).toBe(results.length);
  await eventually(async () => expect(await readMetric(service.url, 'projection_events_behind', { projection: 'elasticsearch' })).toBe(unstored));
  await eventually(async () => expect(await readMetric(service.url, 'projection_events_behind', { projection: 'redis' })).toBe(0));
  // The athlete page comes from Redis: still right while Elasticsearch is frozen.
  expect((await getJson(`${query.url}/athletes/rival?waitFor=${last.eventId}&waitMs=200`)).body).toMatchObject({ rank: 1, points: 9 });
  const search = (waitMs: number) =>
    getJson<{ items: Array<{ points: number; rank: number }> }>(`${query.url}/rankings?divisionId=${D}&q=new&waitFor=${last.eventId}&waitMs=${waitMs}`);
  const stale = await search(200);
  expect(stale.status).toBe(503); // ES itself is frozen: the search fails fast with a reason, no hang

  process.kill(es.child.pid!, 'SIGCONT');

  const caughtUp = await search(10_000);
  expect(caughtUp.headers.get('x-projection-stale')).toBeNull();
  expect(caughtUp.body.items[0]).toMatchObject({ rank: 1, points: 9 });
  await eventually(async () => expect((await getJson(`${service.url}/health`)).status).toBe(200));
  await eventually(async () => expect((await getJson(`${query.url}/health`)).status).toBe(200));
  expect(await byName('elasticsearch')).toMatchObject({ status: 'live', breaker: 'closed', freshnessLagMs: 0 });
  await eventually(async () => expect(await readMetric(service.url, 'projection_events_behind', { projection: 'elasticsearch' })).toBe(0));
  expect(await committedTotal(producer.client, esGroup, topic)).toBe(await topicEndTotal(producer.client, topic));
}, 60_000);
