import { eventually as eventuallyDefined, REPO_ROOT, RunningProcess, startProcess } from '@test/support';
import type { QueryApp } from '../app.factory';
import type { ProjectionReport } from '../freshness/freshness.monitor';
import {
  committedTotal,
  eventually,
  getJson,
  readMetric,
  startQueryApp,
  testConfig,
  testEvents,
  TestEventProducer,
  topicEndTotal,
} from '../../test/query-test-kit';
import { projectorGroupId } from './projector';

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
let service: QueryApp;
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
  const config = testConfig({ ELASTICSEARCH_URL: standIn.url, FRESHNESS_SLA_MS: String(SLA_MS), ELASTICSEARCH_REQUEST_TIMEOUT_MS: '400' });
  topic = config.KAFKA_TOPIC;
  producer = new TestEventProducer(config);
  await producer.connect();
  service = await startQueryApp(config, { monitorIntervalMs: 100, breakerHalfOpenAfterMs: 500 });
});

afterAll(async () => {
  if (es?.child.pid) process.kill(es.child.pid, 'SIGCONT');
  await service?.close();
  await producer?.disconnect();
  await es?.stop(5000);
});

const projections = async () => (await getJson<ProjectionReport[]>(`${service.url}/projections`)).body;
const byName = async (name: string) => (await projections()).find((p) => p.name === name)!;

it('stops, goes loudly stale and recovers by itself when Elasticsearch freezes', async () => {
  const registered = [f.divisionCreated(D), f.athleteRegistered(D, 'champ', 'Old Champion'), f.athleteRegistered(D, 'rival', 'New Champion')];
  await producer.send(registered);
  const seeded = await getJson(`${service.url}/athletes/champ?waitFor=${registered[2].eventId}&waitMs=10000`);
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
    `${service.url}/divisions/${D}/leaderboard?waitFor=${last.eventId}&waitMs=10000`,
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
  expect((await getJson(`${service.url}/health/live`)).status).toBe(200);
  const lag1 = (await readMetric(service.url, 'projection_freshness_lag_seconds', { projection: 'elasticsearch' }))!;
  expect(lag1).toBeGreaterThan(SLA_MS / 1000);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const lag2 = (await readMetric(service.url, 'projection_freshness_lag_seconds', { projection: 'elasticsearch' }))!;
  expect(lag2).toBeGreaterThan(lag1);
  expect(await readMetric(service.url, 'projection_freshness_lag_seconds', { projection: 'redis' })).toBe(0);
  expect(await committedTotal(producer.client, esGroup, topic)).toBe(frozenAt);
  const stale = await getJson(`${service.url}/athletes/rival?waitFor=${last.eventId}&waitMs=200`);
  expect(stale.status).toBe(503); // ES itself is frozen: the read fails fast with a reason, no hang

  process.kill(es.child.pid!, 'SIGCONT');

  const caughtUp = await getJson<{ points: number; rank: number }>(`${service.url}/athletes/rival?waitFor=${last.eventId}&waitMs=10000`);
  expect(caughtUp.headers.get('x-projection-stale')).toBeNull();
  expect(caughtUp.body).toMatchObject({ rank: 1, points: 9 });
  await eventually(async () => expect((await getJson(`${service.url}/health`)).status).toBe(200));
  expect(await byName('elasticsearch')).toMatchObject({ status: 'live', breaker: 'closed', freshnessLagMs: 0 });
  expect(await committedTotal(producer.client, esGroup, topic)).toBe(await topicEndTotal(producer.client, topic));
}, 60_000);
