import { createHash } from 'node:crypto';
import type { QueryApp } from '../app.factory';
import { startQueryApp, testConfig, testEvents, TestEventProducer } from '../../test/query-test-kit';

const f = testEvents();
const D = 'cache-division';
const matchId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const seed = [
  f.divisionCreated(D, 'Cache Division'),
  f.athleteRegistered(D, 'ana', 'Ana Silva', 'lightweight', 'BR'),
  f.athleteRegistered(D, 'bea', 'Beatriz Müller', 'lightweight', 'DE'),
  f.matchCompleted(D, { matchId: matchId(1), red: 'ana', blue: 'bea', winner: 'ana', completedAt: '2026-11-01T18:00:00.000Z' }),
];
const cacheable = ['/rankings?divisionId=' + D, '/athletes/bea', `/divisions/${D}/leaderboard`, `/divisions/${D}/stats`];

let service: QueryApp;
let producer: TestEventProducer;

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${service.url}${path}`, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Reads through both projections until they stored `eventId` (a no-store read). */
async function waitForBoth(eventId: string): Promise<void> {
  // A name search waits for Elasticsearch and Redis; the stats for Redis.
  for (const path of [`/rankings?divisionId=${D}&q=ana&waitFor=${eventId}&waitMs=10000`, `/divisions/${D}/stats?waitFor=${eventId}&waitMs=10000`]) {
    const response = await get(path);
    expect(response.headers.get('x-projection-stale')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
  }
}

beforeAll(async () => {
  const config = testConfig();
  producer = new TestEventProducer(config);
  await producer.connect();
  service = await startQueryApp(config);
  await producer.send(seed);
  await waitForBoth(seed[seed.length - 1].eventId);
});

afterAll(async () => {
  await service?.close();
  await producer?.disconnect();
});

describe('HTTP caching of the reads', () => {
  it.each(cacheable)('%s: a strong ETag of the body bytes and a CDN-friendly Cache-Control', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(`"${createHash('sha1').update(response.text).digest('base64url')}"`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=2, stale-while-revalidate=10, stale-if-error=60');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(() => JSON.parse(response.text)).not.toThrow();
  });

  it.each(cacheable)('%s: If-None-Match with the current tag answers 304 without a body', async (path) => {
    const etag = (await get(path)).headers.get('etag')!;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"stale", ${etag}`]) {
      const revalidated = await get(path, { 'if-none-match': ifNoneMatch });
      expect(revalidated.status).toBe(304);
      expect(revalidated.text).toBe('');
      expect(revalidated.headers.get('etag')).toBe(etag);
      expect(revalidated.headers.get('cache-control')).toMatch(/^public, max-age=2/);
    }
    expect((await get(path, { 'if-none-match': '"something-else"' })).status).toBe(200);
  });

  it('changes every tag once a result changes the answers, so old tags get the new body', async () => {
    const before = await Promise.all(cacheable.map(async (path) => (await get(path)).headers.get('etag')!));
    const rematch = f.matchCompleted(D, { matchId: matchId(2), red: 'bea', blue: 'ana', winner: 'bea', completedAt: '2026-11-02T18:00:00.000Z' });
    await producer.send([rematch]);
    await waitForBoth(rematch.eventId);
    for (const [i, path] of cacheable.entries()) {
      const after = await get(path, { 'if-none-match': before[i] });
      expect({ path, status: after.status }).toEqual({ path, status: 200 });
      expect(after.headers.get('etag')).not.toBe(before[i]);
    }
    expect(JSON.parse((await get('/athletes/bea')).text)).toMatchObject({ wins: 1, losses: 1, points: 3 });
  });

  it('does not tag errors', async () => {
    const missing = await get('/athletes/nobody');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('etag')).toBeNull();
  });
});
