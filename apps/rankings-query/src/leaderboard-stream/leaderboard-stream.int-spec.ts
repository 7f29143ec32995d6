import { Redis } from 'ioredis';
import { leaderboardChangedChannel } from '@app/cache';
import { SseClient, type SseEvent } from '@test/support';
import type { QueryApp } from '../app.factory';
import { eventually, getJson, readMetric, startQueryApp, testConfig, testEvents, TestEventProducer } from '../../test/query-test-kit';

const f = testEvents();
const D = 'stream-division';
const OTHER = 'stream-other';
let matchNo = 0;
const result = (red: string, blue: string, winner: string | null) =>
  f.matchCompleted(D, {
    matchId: `00000000-0000-4000-8000-${String(++matchNo).padStart(12, '0')}`,
    red,
    blue,
    winner,
    completedAt: new Date(Date.UTC(2026, 10, 1, 18, matchNo)).toISOString(),
  });

let service: QueryApp;
let producer: TestEventProducer;
let prefix: string;
const streamUrl = (division: string, top?: number) => `${service.url}/divisions/${division}/leaderboard/stream${top ? `?top=${top}` : ''}`;
const leaderboard = (event: SseEvent) => JSON.parse(event.data) as { divisionId: string; items: Array<{ rank: number; athleteId: string; points: number }> };
const version = (event: SseEvent) => Number(event.id);
const subscriberGauge = async () =>
  Number(/^leaderboard_stream_subscribers (\d+)$/m.exec(await (await fetch(`${service.url}/metrics`)).text())?.[1]);

/** Sends events and returns once the Redis projection has stored the last one. */
async function project(...events: ReturnType<typeof result>[]): Promise<void> {
  await producer.send(events);
  const stats = await getJson(`${service.url}/divisions/${D}/stats?waitFor=${events[events.length - 1].eventId}&waitMs=10000`);
  expect(stats.headers.get('x-projection-stale')).toBeNull();
}

beforeAll(async () => {
  const config = testConfig();
  prefix = config.REDIS_KEY_PREFIX;
  producer = new TestEventProducer(config);
  await producer.connect();
  service = await startQueryApp(config);
  await project(
    f.divisionCreated(D, 'Stream Division'),
    f.divisionCreated(OTHER, 'Other Division'),
    f.athleteRegistered(D, 'ana', 'Ana Silva', 'lightweight', 'BR'),
    f.athleteRegistered(D, 'bea', 'Beatriz Müller', 'lightweight', 'DE'),
    f.athleteRegistered(D, 'cris', 'Cristina Rossi', 'lightweight', 'IT'),
    result('ana', 'bea', 'ana'),
  );
});

afterAll(async () => {
  await service?.close();
  await producer?.disconnect();
});

describe('GET /divisions/:id/leaderboard/stream', () => {
  it('sends the leaderboard on connect under its version, the same JSON as the leaderboard read', async () => {
    const client = await SseClient.connect(streamUrl(D, 2));
    try {
      const first = await client.next((e) => e.event === 'leaderboard');
      expect(first.id).toMatch(/^\d+$/);
      expect(JSON.parse(first.data)).toEqual((await getJson(`${service.url}/divisions/${D}/leaderboard?top=2`)).body);
      // ana beat bea: ana 3 points, then cris and bea at 0 (cris has no loss).
      expect(leaderboard(first).items.map((i) => [i.rank, i.athleteId, i.points])).toEqual([
        [1, 'ana', 3],
        [2, 'cris', 0],
      ]);
    } finally {
      client.close();
    }
  });

  it('sends the new leaderboard after every stored change, newer version each time', async () => {
    const client = await SseClient.connect(streamUrl(D, 3));
    try {
      const first = await client.next(() => true);
      await project(result('bea', 'cris', 'bea'));
      const second = await client.next((e) => version(e) > version(first));
      // ana 3 (1-0), bea 3 (1-1), cris 0 (0-1): ana before bea on losses.
      expect(leaderboard(second).items.map((i) => [i.rank, i.athleteId, i.points])).toEqual([
        [1, 'ana', 3],
        [2, 'bea', 3],
        [3, 'cris', 0],
      ]);
      await project(result('cris', 'ana', 'cris'), result('bea', 'ana', null));
      const latest = await eventually(async () => {
        const last = client.events[client.events.length - 1];
        expect(leaderboard(last).items.map((i) => [i.athleteId, i.points])).toEqual([
          ['ana', 4], // 1-1-1, ahead of bea (1-1-1) by id
          ['bea', 4],
          ['cris', 3],
        ]);
        return last;
      });
      const versions = client.events.map(version);
      expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
      expect(version(latest)).toBeGreaterThan(version(second));
    } finally {
      client.close();
    }
  });

  it('resumes from Last-Event-ID: nothing re-sent when current, the current state when older', async () => {
    const probe = await SseClient.connect(streamUrl(D));
    const current = await probe.next(() => true);
    probe.close();

    const older = await SseClient.connect(streamUrl(D), { 'last-event-id': String(version(current) - 1) });
    const upToDate = await SseClient.connect(streamUrl(D), { 'last-event-id': current.id! });
    try {
      expect(version(await older.next(() => true))).toBe(version(current));
      await project(result('ana', 'cris', 'ana'));
      const firstSeen = await upToDate.next(() => true);
      expect(version(firstSeen)).toBeGreaterThan(version(current));
      expect(upToDate.events).toHaveLength(1);
    } finally {
      older.close();
      upToDate.close();
    }
  });

  it('feeds many subscribers from one Redis subscription and one read per change', async () => {
    const listener = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const plan = Array.from({ length: 200 }, (_, i) => ({ division: i % 4 === 0 ? OTHER : D, top: 1 + (i % 10) }));
    const clients = await Promise.all(plan.map((p) => SseClient.connect(streamUrl(p.division, p.top))));
    try {
      const channel = leaderboardChangedChannel(prefix);
      const [, subscriptions] = (await listener.pubsub('NUMSUB', channel)) as [string, number];
      expect(subscriptions).toBe(1);
      await Promise.all(clients.map((c) => c.next(() => true)));
      expect(await subscriberGauge()).toBe(200);

      const announcements: string[] = [];
      await listener.subscribe(channel);
      listener.on('message', (_channel: string, message: string) => announcements.push(message));
      const readsBefore = (await readMetric(service.url, 'leaderboard_stream_reads_total', { trigger: 'change' })) ?? 0;
      const initial = new Map(clients.map((c) => [c, version(c.events[0])]));
      await project(result('cris', 'bea', 'cris'));
      const ours = clients.filter((_, i) => plan[i].division === D);
      const updates = await Promise.all(ours.map((c) => c.next((e) => version(e) > initial.get(c)!)));
      expect(announcements).toEqual([JSON.stringify({ divisionId: D, version: version(updates[0]) })]);
      expect(await readMetric(service.url, 'leaderboard_stream_reads_total', { trigger: 'change' })).toBe(readsBefore + 1);
      const oursPlan = plan.filter((p) => p.division === D);
      updates.forEach((update, i) => expect(leaderboard(update).items).toHaveLength(Math.min(3, oursPlan[i].top)));
      // Delivery time (100 ms p99 at 1,000 subscribers) is measured by `npm run bench -- sse` against its
      // floor, not asserted here: a test shares a loaded machine, and timing there would make it flaky.
      // The other division's subscribers were not sent the change.
      expect(clients.filter((_, i) => plan[i].division === OTHER).every((c) => c.events.length === 1)).toBe(true);
    } finally {
      clients.forEach((c) => c.close());
      listener.disconnect();
    }
    await eventually(async () => expect(await subscriberGauge()).toBe(0));
  });

  it('answers 404 for an unknown division and 400 for a top out of range, as JSON errors', async () => {
    await expect(SseClient.connect(streamUrl('no-such-division'))).rejects.toThrow(/answered 404: .*division no-such-division not found/);
    await expect(SseClient.connect(`${streamUrl(D)}?top=101`)).rejects.toThrow(/answered 400/);
  });
});

describe('shutting down with streams open', () => {
  it('ends every stream so the service closes instead of waiting for its clients', async () => {
    const client = await SseClient.connect(streamUrl(D));
    await client.next(() => true);
    const ended = new Promise<void>((resolve) => client.onEnd(resolve));
    await service.close();
    await ended;
  });
});
