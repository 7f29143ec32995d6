import { randomUUID } from 'node:crypto';
import type { AnyEvent } from '@app/contracts';
import type { QueryApp } from '../app.factory';
import { getJson, startQueryApp, testConfig, testEvents, TestEventProducer } from '../../test/query-test-kit';

const f = testEvents();
const D = 'elite-women';
const m = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const result = (n: number, red: string, blue: string, winner: string | null, day: number) =>
  f.matchCompleted(D, { matchId: m(n), red, blue, winner, completedAt: `2026-11-${String(day).padStart(2, '0')}T18:00:00.000Z` });

const seed: AnyEvent[] = [
  f.divisionCreated(D, 'Elite Women'),
  f.athleteRegistered(D, 'ana', 'Ana Silva', 'lightweight', 'BR'),
  f.athleteRegistered(D, 'jose', 'José Álvarez', 'welterweight', 'ES'),
  f.athleteRegistered(D, 'anabela', 'Anabela Souza', 'lightweight', 'PT'),
  f.athleteRegistered(D, 'bea', 'Beatriz Müller', 'welterweight', 'DE'),
  f.athleteRegistered(D, 'zoe', 'Zoë Ånström', 'lightweight', 'SE'),
  f.athleteRegistered('other', 'otto', 'Ana Other', 'lightweight', 'BR'),
  result(1, 'ana', 'bea', 'ana', 1),
  result(2, 'jose', 'bea', 'jose', 2),
  result(3, 'anabela', 'bea', 'anabela', 3),
  result(4, 'ana', 'jose', null, 4),
  result(5, 'ana', 'anabela', 'ana', 5),
  result(6, 'jose', 'anabela', 'anabela', 6),
  f.resultCorrected(D, { matchId: m(6), red: 'jose', blue: 'anabela', winner: 'jose', completedAt: '2026-11-06T18:00:00.000Z' }),
];
// Division order after the correction of match 6 (points, wins, losses, then id):
// 1 ana 7 (2-0-1) · 2 jose 7 (2-0-1) · 3 anabela 3 (1-2) · 4 zoe 0 (no match) · 5 bea 0 (0-3)
const last = seed[seed.length - 1];

let service: QueryApp;
let producer: TestEventProducer;
const get = <T = Record<string, unknown>>(path: string) => getJson<T>(`${service.url}${path}`);

beforeAll(async () => {
  const config = testConfig();
  producer = new TestEventProducer(config);
  await producer.connect();
  service = await startQueryApp(config);
  await producer.send(seed);
  // Both projections must have stored the whole seed before the read tests start: a name
  // search waits for Elasticsearch and Redis (the athlete page is Redis alone).
  const es = await get(`/rankings?divisionId=${D}&q=ana&waitFor=${last.eventId}&waitMs=10000`);
  expect(es.headers.get('x-projection-stale')).toBeNull();
  const redis = await get(`/divisions/${D}/stats?waitFor=${last.eventId}&waitMs=10000`);
  expect(redis.headers.get('x-projection-stale')).toBeNull();
});

afterAll(async () => {
  await service?.close();
  await producer?.disconnect();
});

type Page = { items: Array<Record<string, unknown>>; total: number; nextCursor: string | null };

describe('GET /rankings', () => {
  it('lists the division in order with contract entries and the total', async () => {
    const { status, body } = await get<Page>(`/rankings?divisionId=${D}`);
    expect(status).toBe(200);
    expect(body.total).toBe(5);
    expect(body.nextCursor).toBeNull();
    expect(body.items.map((i) => `${i.rank}:${i.athleteId}:${i.points}`)).toEqual(['1:ana:7', '2:jose:7', '3:anabela:3', '4:zoe:0', '5:bea:0']);
    expect(body.items[0]).toEqual({
      rank: 1,
      athleteId: 'ana',
      name: 'Ana Silva',
      country: 'BR',
      divisionId: D,
      weightClass: 'lightweight',
      points: 7,
      wins: 2,
      losses: 0,
      draws: 1,
      matches: 3,
      recentForm: ['W', 'D', 'W'],
      lastMatchAt: '2026-11-05T18:00:00.000Z',
    });
  });

  it('keeps the division rank when weightClass narrows the list', async () => {
    const { body } = await get<Page>(`/rankings?divisionId=${D}&weightClass=welterweight`);
    expect(body.items.map((i) => `${i.rank}:${i.athleteId}`)).toEqual(['2:jose', '5:bea']);
    expect(body.total).toBe(2);
  });

  it('matches q accent-, case- and German-spelling-insensitively, every word as a prefix', async () => {
    const names = async (q: string) =>
      (await get<Page>(`/rankings?divisionId=${D}&q=${encodeURIComponent(q)}`)).body.items.map((i) => `${i.rank}:${i.athleteId}`);
    expect(await names('jose')).toEqual(['2:jose']);
    expect(await names('ALVAREZ JOSÉ')).toEqual(['2:jose']);
    expect(await names('ana')).toEqual(['1:ana', '3:anabela']);
    // Every word is a prefix of some word of the name, wherever it stands in q.
    expect(await names('ana s')).toEqual(['1:ana', '3:anabela']);
    expect(await names('silva an')).toEqual(['1:ana']);
    expect(await names('an silva')).toEqual(['1:ana']);
    expect(await names('zoe anst')).toEqual(['4:zoe']);
    expect(await names('muller')).toEqual(['5:bea']);
    expect(await names('Mueller')).toEqual(['5:bea']);
    expect(await names('nabela')).toEqual([]);
  });

  it('pages to the end with an opaque cursor, ranks continuing across pages', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = (await get<Page>(`/rankings?divisionId=${D}&size=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
      expect(page.total).toBe(5);
      seen.push(...page.items.map((i) => `${i.rank}:${i.athleteId}`));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(['1:ana', '2:jose', '3:anabela', '4:zoe', '5:bea']);
  });

  it('pages through a filtered list keeping division ranks', async () => {
    const first = (await get<Page>(`/rankings?divisionId=${D}&weightClass=lightweight&size=2`)).body;
    expect(first.items.map((i) => i.rank)).toEqual([1, 3]);
    const second = (await get<Page>(`/rankings?divisionId=${D}&weightClass=lightweight&size=2&cursor=${first.nextCursor}`)).body;
    expect(second.items.map((i) => `${i.rank}:${i.athleteId}`)).toEqual(['4:zoe']);
    expect(second.nextCursor).toBeNull();
  });

  it.each([
    ['no divisionId', '/rankings'],
    ['size 0', `/rankings?divisionId=${D}&size=0`],
    ['size 101', `/rankings?divisionId=${D}&size=101`],
    ['size not a number', `/rankings?divisionId=${D}&size=ten`],
    ['a forged cursor', `/rankings?divisionId=${D}&cursor=bm90LWEtY3Vyc29y`],
    ['waitFor not an event id', `/rankings?divisionId=${D}&waitFor=abc`],
    ['waitMs over 10000', `/rankings?divisionId=${D}&waitFor=${randomUUID()}&waitMs=10001`],
    ['top 0', `/divisions/${D}/leaderboard?top=0`],
    ['top 101', `/divisions/${D}/leaderboard?top=101`],
  ])('answers 400 in the error shape for %s', async (_, path) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.anything() });
  });
});

describe('GET /athletes/:id', () => {
  it('returns the entry with its division rank', async () => {
    const { status, body } = await get(`/athletes/anabela`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ rank: 3, athleteId: 'anabela', name: 'Anabela Souza', points: 3, recentForm: ['L', 'L', 'W'] });
  });

  it('answers 404 for an unknown athlete', async () => {
    const { status, body } = await get(`/athletes/nobody`);
    expect(status).toBe(404);
    expect(body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});

describe('Redis reads', () => {
  it('serves the leaderboard top in division order', async () => {
    const { status, body } = await get(`/divisions/${D}/leaderboard?top=3`);
    expect(status).toBe(200);
    expect(body).toEqual({
      divisionId: D,
      items: [
        { rank: 1, athleteId: 'ana', name: 'Ana Silva', points: 7 },
        { rank: 2, athleteId: 'jose', name: 'José Álvarez', points: 7 },
        { rank: 3, athleteId: 'anabela', name: 'Anabela Souza', points: 3 },
      ],
    });
    expect(((await get<{ items: unknown[] }>(`/divisions/${D}/leaderboard`)).body.items)).toHaveLength(5);
  });

  it('serves division stats and 404 for an unknown division', async () => {
    expect((await get(`/divisions/${D}/stats`)).body).toEqual({
      divisionId: D,
      athletes: 5,
      matchesCompleted: 6,
      lastMatchAt: '2026-11-06T18:00:00.000Z',
    });
    expect((await get(`/divisions/no-such-division/stats`)).status).toBe(404);
    expect((await get(`/divisions/no-such-division/leaderboard`)).status).toBe(404);
  });
});

describe('waitFor', () => {
  it('answers at once without the stale header for an event already applied', async () => {
    const started = Date.now();
    const { status, headers } = await get(`/rankings?divisionId=${D}&waitFor=${last.eventId}`);
    expect(status).toBe(200);
    expect(headers.get('x-projection-stale')).toBeNull();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('waits for a new event and then shows its effect', async () => {
    const renamed = f.athleteUpdated(D, 'zoe', { name: 'Zoë Lindqvist', weightClass: 'lightweight', country: 'SE', revision: 2 });
    const pending = get(`/athletes/zoe?waitFor=${renamed.eventId}&waitMs=10000`);
    await producer.send([renamed]);
    const { body, headers } = await pending;
    expect(headers.get('x-projection-stale')).toBeNull();
    expect(body).toMatchObject({ name: 'Zoë Lindqvist' });
    const board = await get<{ items: Array<{ name: string }> }>(`/divisions/${D}/leaderboard?waitFor=${renamed.eventId}&waitMs=10000`);
    expect(board.body.items.map((i) => i.name)).toContain('Zoë Lindqvist');
  });

  it('answers after waitMs with X-Projection-Stale when the event is not applied', async () => {
    const started = Date.now();
    const { status, headers } = await get(`/divisions/${D}/stats?waitFor=${randomUUID()}&waitMs=300`);
    expect(status).toBe(200);
    expect(headers.get('x-projection-stale')).toBe('true');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});
