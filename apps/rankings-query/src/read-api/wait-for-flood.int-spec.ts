import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Redis } from 'ioredis';
import type { RedisStore } from '@app/cache';
import { getJson, startQueryApp, testConfig, testEvents, TestEventProducer, QueryWithProjector } from '../../test/query-test-kit';
import { REDIS_STORE } from '../read-clients';
import { EventWaitersService } from './event-waiters.provider';

/**
 * 1,000 concurrent `waitFor` requests for events that never come, against a cap of 100:
 * up to the cap wait (one marker read each, then no Redis traffic while waiting), the rest are
 * told 503 + Retry-After at once; afterwards no waiter is left and the heap is back.
 */
const f = testEvents();
const D = 'flood';
const CAP = 100;
const WAIT_MS = 10_000;
let service: QueryWithProjector;
let producer: TestEventProducer;
const get = (path: string) => getJson(`${service.url}${path}`);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Bytes the read API's Redis connection sends from now on. */
function redisBytesSent(redis: Redis): () => number {
  const socket = (redis as unknown as { stream: Socket }).stream;
  const start = socket.bytesWritten;
  return () => socket.bytesWritten - start;
}

beforeAll(async () => {
  const config = testConfig({ WAIT_FOR_MAX_WAITERS: String(CAP) });
  producer = new TestEventProducer(config);
  await producer.connect();
  service = await startQueryApp(config);
  const created = f.divisionCreated(D, 'Flood');
  await producer.send([created]);
  const { headers } = await get(`/divisions/${D}/stats?waitFor=${created.eventId}&waitMs=10000`);
  expect(headers.get('x-projection-stale')).toBeNull();
});

afterAll(async () => {
  await service?.close();
  await producer?.disconnect();
});

it('holds up to the cap without polling Redis, answers 503 with Retry-After beyond it, and leaks nothing', async () => {
  // given
  const waiters = service.app.get(EventWaitersService).waiters;
  const sent = redisBytesSent(service.app.get<RedisStore>(REDIS_STORE) as Redis); // a single node here
  const heapBefore = heapAfterGc();
  // when
  const started = Date.now();
  let maxWaiting = 0;
  const sampler = setInterval(() => (maxWaiting = Math.max(maxWaiting, waiters.waiting)), 5);
  const flood = Promise.all(
    Array.from({ length: 1000 }, () => fetch(`${service.url}/divisions/${D}/stats?waitFor=${randomUUID()}&waitMs=${WAIT_MS}`, { headers: { connection: 'close' } })),
  );
  // Once the cap is reached (requests arrive over a few seconds on a loaded machine): quiet.
  while (waiters.waiting < CAP && Date.now() - started < WAIT_MS) await new Promise((resolve) => setTimeout(resolve, 20));
  const waitingAtCap = waiters.waiting;
  const sentBeforeQuietPhase = sent();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const sentDuringQuietPhase = sent() - sentBeforeQuietPhase;
  const responses = await flood;
  clearInterval(sampler);
  // then
  const byStatus = new Map<number, number>();
  for (const r of responses) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  // How many are refused depends on how fast the requests arrive (slower on a loaded machine).
  expect((byStatus.get(200) ?? 0) + (byStatus.get(503) ?? 0)).toBe(1000);
  expect(byStatus.get(503)).toBeGreaterThan(0);
  expect(maxWaiting).toBe(CAP);
  const refused = responses.filter((r) => r.status === 503);
  expect(refused.every((r) => Number(r.headers.get('retry-after')) >= 1)).toBe(true);
  expect(responses.filter((r) => r.status === 200).every((r) => r.headers.get('x-projection-stale') === 'true')).toBe(true);
  expect(Date.now() - started).toBeGreaterThanOrEqual(WAIT_MS);
  expect(waitingAtCap).toBe(CAP);
  // One marker read per admitted waiter (one pipelined round trip, < 400 bytes), nothing while
  // they wait; the freshness monitor's own reads (5 a second) come on top.
  const monitorBytes = ((Date.now() - started) / 1000) * 5 * 300;
  expect(sent()).toBeLessThan((byStatus.get(200) ?? 0) * 400 + monitorBytes);
  // Polling would be ~25,000 reads a second here; what is left is the freshness monitor's own reads.
  expect(sentDuringQuietPhase).toBeLessThan(4096);
  expect(waiters.waiting).toBe(0);
  await Promise.all(responses.map((r) => r.arrayBuffer()));
  responses.length = 0;
  refused.length = 0;
  await new Promise((resolve) => setTimeout(resolve, 500)); // closed sockets released
  expect(heapAfterGc() - heapBefore).toBeLessThan(15 * 1024 * 1024);
}, 120_000);

it('wakes every waiter of an event when the projector announces it', async () => {
  // given
  const registered = f.athleteRegistered(D, 'flood-a1', 'Ana Flood');
  const pending = Array.from({ length: 50 }, () => get(`/divisions/${D}/stats?waitFor=${registered.eventId}&waitMs=10000`));
  await new Promise((resolve) => setTimeout(resolve, 200));
  // when
  const started = Date.now();
  await producer.send([registered]);
  const answers = await Promise.all(pending);
  // then
  expect(answers.every((a) => a.status === 200 && a.headers.get('x-projection-stale') === null)).toBe(true);
  expect(answers.map((a) => (a.body as { athletes: number }).athletes)).toEqual(Array(50).fill(1));
  expect(Date.now() - started).toBeLessThan(5000);
});
