import type { AnyEvent } from '@app/contracts';
import { startRedisCluster, type RunningRedisCluster } from '@test/support';
import type { QueryApp } from '../app.factory';
import { getJson, startQueryApp, testConfig, testEvents, TestEventProducer } from '../../test/query-test-kit';

/**
 * rankings-query and rankings-projector with REDIS_CLUSTER_NODES: the read models on a real
 * 3-node Redis Cluster. waitFor is answered through the process's own subscription (its
 * own cluster connection), and the hot views read what the projector stored there; the
 * figures are the rules applied by hand to the events below.
 */
const f = testEvents();
const D = 'cluster-open';
const m = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const seed: AnyEvent[] = [
  f.divisionCreated(D, 'Cluster Open'),
  f.athleteRegistered(D, 'kai', 'Kai Lehto', 'lightweight', 'FI'),
  f.athleteRegistered(D, 'lea', 'Lea Roth', 'lightweight', 'AT'),
  f.athleteRegistered(D, 'mo', 'Mo Idris', 'welterweight', 'EG'),
  f.matchCompleted(D, { matchId: m(1), red: 'kai', blue: 'lea', winner: 'lea', completedAt: '2026-11-01T18:00:00.000Z' }),
  f.matchCompleted(D, { matchId: m(2), red: 'kai', blue: 'mo', winner: null, completedAt: '2026-11-02T18:00:00.000Z' }),
];
// lea 3 points (1-0) · kai 1 (0-1-1) · mo 1 (0-0-1); kai and mo tie on points and wins, kai has more losses.

let cluster: RunningRedisCluster;
let service: QueryApp;
let producer: TestEventProducer;

beforeAll(async () => {
  cluster = await startRedisCluster(3);
  const config = testConfig({ REDIS_CLUSTER_NODES: cluster.nodes.join(',') });
  producer = new TestEventProducer(config);
  await producer.connect();
  service = await startQueryApp(config);
}, 90_000);

afterAll(async () => {
  await service?.close();
  await producer?.disconnect();
  await cluster?.stop();
});

it('answers waitFor and serves the leaderboard and athlete from the cluster', async () => {
  await producer.send(seed);
  const last = seed[seed.length - 1];
  const board = await getJson<{ items: Array<{ rank: number; athleteId: string; points: number }> }>(
    `${service.url}/divisions/${D}/leaderboard?waitFor=${last.eventId}&waitMs=10000`,
  );
  expect(board.status).toBe(200);
  expect(board.headers.get('x-projection-stale')).toBeNull();
  expect(board.body.items.map((e) => [e.rank, e.athleteId, e.points])).toEqual([
    [1, 'lea', 3],
    [2, 'mo', 1],
    [3, 'kai', 1],
  ]);
  const athlete = await getJson<{ rank: number; points: number }>(`${service.url}/athletes/kai?waitFor=${last.eventId}&waitMs=10000`);
  expect(athlete.headers.get('x-projection-stale')).toBeNull();
  expect([athlete.body.rank, athlete.body.points]).toEqual([3, 1]);
}, 60_000);
