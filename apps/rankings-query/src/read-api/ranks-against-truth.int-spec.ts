import Redis from 'ioredis';
import type { Pool } from 'pg';
import { cacheKeys, resolveGenerations } from '@app/cache';
import type { LoadedConfig } from '@app/config';
import type { AnyEvent } from '@app/contracts';
import { createTestDatabase, createTestPool, TestDatabase } from '@test/support';
import { eventually, getJson, startQueryApp, testConfig, testEvents, TestEventProducer, QueryWithProjector } from '../../test/query-test-kit';

/**
 * CONTRACT §4: `rank` is the position among ALL athletes of the division, also under a
 * filter. 1,000 athletes with few matches each (so many share points, wins and losses),
 * corrections included; the same facts are written to Postgres and produced as events.
 * The truth is one SQL query over the Postgres tables, independent of libs/rankings.
 */
const f = testEvents();
const DIVISIONS = [
  { id: 'rk-a', athletes: 700 },
  { id: 'rk-b', athletes: 300 },
];
const FIRST = ['Ana', 'José', 'Maria', 'João', 'Lucas'];
const LAST = ['Silva', 'Souza', 'Álvarez', 'Costa'];
const CLASSES = ['lightweight', 'welterweight', 'heavyweight'];

interface Truth {
  id: string;
  division_id: string;
  weight_class: string;
  name: string;
  points: number;
  wins: number;
  losses: number;
  rank: number;
}
interface Entry {
  rank: number;
  athleteId: string;
  points: number;
}

let db: TestDatabase;
let pool: Pool;
let service: QueryWithProjector;
let producer: TestEventProducer;
let truth: Truth[];
let config: LoadedConfig;
const get = <T>(path: string) => getJson<T>(`${service.url}${path}`);

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createTestPool(db.url, 2);
  config = testConfig({ DATABASE_URL: db.url });
  producer = new TestEventProducer(config);
  await producer.connect();
  service = await startQueryApp(config);
  const lastOfDivision = new Map<string, string>();
  for (const division of DIVISIONS) {
    const events = await seedDivision(division.id, division.athletes);
    for (let i = 0; i < events.length; i += 1000) await producer.send(events.slice(i, i + 1000));
    lastOfDivision.set(division.id, events[events.length - 1].eventId);
  }
  for (const [divisionId, last] of lastOfDivision) {
    // The filtered page needs both projections (hits from Elasticsearch, ranks from Redis).
    await eventually(async () => {
      const { status, headers } = await get(`/rankings?divisionId=${divisionId}&weightClass=x&waitFor=${last}&waitMs=10000`);
      expect({ status, stale: headers.get('x-projection-stale') }).toEqual({ status: 200, stale: null });
    }, 120_000);
  }
  truth = await readTruth();
}, 240_000);

afterAll(async () => {
  await service?.close();
  await producer?.disconnect();
  await pool?.end();
  await db?.drop();
});

/** Rows and events of one division: random pairs, a third draws, one result in ten corrected. */
async function seedDivision(divisionId: string, count: number): Promise<AnyEvent[]> {
  let seed = divisionId.length * 7919;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const ids = Array.from({ length: count }, (_, i) => `${divisionId}-${String(i).padStart(4, '0')}`);
  const events: AnyEvent[] = [f.divisionCreated(divisionId, divisionId)];
  await pool.query(`INSERT INTO divisions (id, name, created_event_id) VALUES ($1, $1, $2)`, [divisionId, events[0].eventId]);
  const athletes = ids.map((id, i) => ({ id, name: `${FIRST[i % 5]} ${LAST[(i >> 2) % 4]}`, weightClass: CLASSES[i % 3] }));
  for (const a of athletes) events.push(f.athleteRegistered(divisionId, a.id, a.name, a.weightClass, 'BR'));
  await pool.query(
    `INSERT INTO athletes (id, division_id, name, weight_class, country, created_event_id)
     SELECT u.id, $1, u.name, u.wc, 'BR', gen_random_uuid() FROM unnest($2::text[], $3::text[], $4::text[]) AS u(id, name, wc)`,
    [divisionId, athletes.map((a) => a.id), athletes.map((a) => a.name), athletes.map((a) => a.weightClass)],
  );
  const rows: Array<[string, string, string, string | null, string, number]> = [];
  for (let n = 0; n < Math.round(count * 1.2); n++) {
    const red = ids[Math.floor(random() * count)];
    let blue = ids[Math.floor(random() * count)];
    if (blue === red) blue = ids[(ids.indexOf(red) + 1) % count];
    const matchId = f.nextId();
    const completedAt = new Date(Date.UTC(2026, 2, 1) + n * 60_000).toISOString();
    const pick = random();
    let winner = pick < 0.33 ? null : pick < 0.66 ? red : blue;
    events.push(f.matchCompleted(divisionId, { matchId, red, blue, winner, completedAt }));
    let revision = 1;
    if (random() < 0.1) {
      winner = winner === red ? blue : red;
      revision = 2;
      events.push(f.resultCorrected(divisionId, { matchId, red, blue, winner, completedAt, revision }));
    }
    rows.push([matchId, red, blue, winner, completedAt, revision]);
  }
  await pool.query(
    `INSERT INTO matches (id, division_id, red_athlete_id, blue_athlete_id, created_event_id)
     SELECT u.id, $1, u.red, u.blue, gen_random_uuid() FROM unnest($2::uuid[], $3::text[], $4::text[]) AS u(id, red, blue)`,
    [divisionId, rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
  );
  await pool.query(
    `INSERT INTO match_results (match_id, winner_id, method, completed_at, revision, recorded_event_id, last_event_id)
     SELECT u.id, u.winner, CASE WHEN u.winner IS NULL THEN 'DRAW' ELSE 'DECISION' END, u.at, u.rev, gen_random_uuid(), gen_random_uuid()
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int[]) AS u(id, winner, at, rev)`,
    [rows.map((r) => r[0]), rows.map((r) => r[3]), rows.map((r) => r[4]), rows.map((r) => r[5])],
  );
  return events;
}

/** Every athlete's division rank, from the tables alone. */
async function readTruth(): Promise<Truth[]> {
  const { rows } = await pool.query<Truth>(`
    WITH record AS (
      SELECT a.id, a.division_id, a.weight_class, a.name,
             COUNT(*) FILTER (WHERE mr.winner_id = a.id)::int AS wins,
             COUNT(*) FILTER (WHERE mr.match_id IS NOT NULL AND mr.winner_id IS NULL)::int AS draws,
             COUNT(*) FILTER (WHERE mr.winner_id IS NOT NULL AND mr.winner_id <> a.id)::int AS losses
        FROM athletes a
        LEFT JOIN matches m ON a.id IN (m.red_athlete_id, m.blue_athlete_id)
        LEFT JOIN match_results mr ON mr.match_id = m.id
       GROUP BY a.id)
    SELECT id, division_id, weight_class, name, 3 * wins + draws AS points, wins, losses,
           ROW_NUMBER() OVER (PARTITION BY division_id ORDER BY 3 * wins + draws DESC, wins DESC, losses ASC, id COLLATE "C" ASC)::int AS rank
      FROM record`);
  return rows;
}

/** Every page of a /rankings query, following nextCursor. */
async function allPages(query: string): Promise<{ items: Entry[]; total: number }> {
  const items: Entry[] = [];
  let cursor: string | null = null;
  let total = 0;
  do {
    const page: { items: Entry[]; total: number; nextCursor: string | null } = (
      await get<{ items: Entry[]; total: number; nextCursor: string | null }>(`/rankings?${query}&size=100${cursor ? `&cursor=${cursor}` : ''}`)
    ).body;
    items.push(...page.items);
    total = page.total;
    cursor = page.nextCursor;
  } while (cursor);
  return { items, total };
}

const expected = (rows: Truth[]) => rows.sort((a, b) => a.rank - b.rank).map((t) => `${t.rank}:${t.id}:${t.points}`);
const seen = (items: Entry[]) => items.map((e) => `${e.rank}:${e.athleteId}:${e.points}`);

describe('ranks against the truth computed from Postgres (1,000 athletes, many ties)', () => {
  it('has many ties to break (a test of the tie rules, not only of points)', () => {
    const key = (t: Truth) => `${t.division_id}:${t.points}:${t.wins}:${t.losses}`;
    const sizes = new Map<string, number>();
    for (const t of truth) sizes.set(key(t), (sizes.get(key(t)) ?? 0) + 1);
    expect(truth).toHaveLength(1000);
    expect(truth.filter((t) => sizes.get(key(t))! > 1).length).toBeGreaterThan(500);
  });

  it.each(DIVISIONS.map((d) => d.id))('ranks every athlete of %s on /rankings, page after page', async (divisionId) => {
    const { items, total } = await allPages(`divisionId=${divisionId}`);
    const rows = truth.filter((t) => t.division_id === divisionId);
    expect(total).toBe(rows.length);
    expect(seen(items)).toEqual(expected(rows));
  });

  it.each(CLASSES)('keeps division ranks when weightClass=%s narrows the list', async (weightClass) => {
    const { items, total } = await allPages(`divisionId=rk-a&weightClass=${weightClass}`);
    const rows = truth.filter((t) => t.division_id === 'rk-a' && t.weight_class === weightClass);
    expect(total).toBe(rows.length);
    expect(seen(items)).toEqual(expected(rows));
  });

  it.each([
    ['alvarez', (t: Truth) => t.name.endsWith('Álvarez')],
    ['jose s', (t: Truth) => t.name.startsWith('José S')],
  ])('keeps division ranks when q=%s narrows the list', async (q, matches) => {
    const { items } = await allPages(`divisionId=rk-a&q=${encodeURIComponent(q)}`);
    expect(seen(items)).toEqual(expected(truth.filter((t) => t.division_id === 'rk-a' && matches(t))));
  });

  it('gives every athlete page its division rank', async () => {
    const mismatches: string[] = [];
    for (let i = 0; i < truth.length; i += 50) {
      await Promise.all(
        truth.slice(i, i + 50).map(async (t) => {
          const { body } = await get<Entry>(`/athletes/${t.id}`);
          if (body.rank !== t.rank || body.points !== t.points) mismatches.push(`${t.id}: ${body.rank} (${body.points}) ≠ ${t.rank} (${t.points})`);
        }),
      );
    }
    expect(mismatches).toEqual([]);
  });

  it.each([10, 100])('serves the leaderboard top %i in the truth order', async (top) => {
    for (const { id: divisionId } of DIVISIONS) {
      const { body } = await get<{ items: Entry[] }>(`/divisions/${divisionId}/leaderboard?top=${top}`);
      expect(seen(body.items)).toEqual(expected(truth.filter((t) => t.division_id === divisionId)).slice(0, top));
    }
  });

  it('keeps the truth on a filtered page whose athlete Redis does not hold yet (the page is read whole from Elasticsearch)', async () => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const { live } = await resolveGenerations(redis, config.REDIS_KEY_PREFIX);
      const entries = cacheKeys(config.REDIS_KEY_PREFIX).division(live, 'rk-b').entries;
      const rows = truth.filter((t) => t.division_id === 'rk-b' && t.weight_class === 'heavyweight');
      const missing = rows.sort((a, b) => a.rank - b.rank)[3].id;
      const stored = await redis.hgetBuffer(entries, missing);
      await redis.hdel(entries, missing);
      try {
        const { items, total } = await allPages('divisionId=rk-b&weightClass=heavyweight');
        expect(total).toBe(rows.length);
        expect(seen(items)).toEqual(expected(rows));
      } finally {
        await redis.hset(entries, missing, stored!);
      }
    } finally {
      redis.disconnect();
    }
  });
});

