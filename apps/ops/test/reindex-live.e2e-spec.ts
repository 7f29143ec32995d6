import { createTestDatabase, RunningService, startService, TestDatabase } from '@test/support';
import { dropRedisKeys, expectExit, isolatedEnv, runOps } from './ops-cli';
import { seedSystemOfRecord } from './seed';

/**
 * The rebuild while the system is in use: results keep arriving through the real path
 * (HTTP → outbox → relay → Kafka → projectors) and the rankings page keeps being read
 * through the alias while `reindex` builds, verifies and swaps, and while Redis is
 * reprojected. Afterwards nothing is lost or stale (reconcile exits 0) and no read failed.
 */
const PER_DIVISION = 300;

let db: TestDatabase;
let env: NodeJS.ProcessEnv;
const services: RunningService[] = [];
let command: RunningService;
let query: RunningService;

beforeAll(async () => {
  db = await createTestDatabase();
  env = isolatedEnv(db.url);
  await seedSystemOfRecord(db.url, { divisions: 3, athletesPerDivision: PER_DIVISION, matches: 20_000 });
  const serviceEnv = { ...process.env, ...env, API_KEYS: 'writer:write', QUERY_PORT: undefined };
  const started = await Promise.all([startService('match-command', serviceEnv), startService('outbox-relay', serviceEnv), startService('rankings-query', serviceEnv), startService('rankings-projector', serviceEnv)]);
  services.push(...started);
  [command, , query] = started;
  env = { ...env, QUERY_PORT: new URL(query.url).port };
}, 120_000);

afterAll(async () => {
  await Promise.all(services.map((s) => s.stop()));
  await db?.drop();
  await dropRedisKeys(env.REDIS_KEY_PREFIX!);
});

const athlete = (division: number, n: number) => `d${division}-a${String(1 + (n % PER_DIVISION)).padStart(6, '0')}`;

async function post(path: string, body: unknown, method = 'POST'): Promise<{ id?: string; eventId: string }> {
  const response = await fetch(`${command.url}${path}`, {
    method,
    headers: { authorization: 'Bearer writer', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id?: string; eventId: string };
}

/** Records results (and corrections of them) until stopped; returns the last event id. */
function keepWritingResults() {
  let stopped = false;
  let written = 0;
  let lastEventId = '';
  const done = (async () => {
    for (let n = 0; !stopped; n++) {
      const division = 1 + (n % 3);
      const red = athlete(division, n * 7);
      const blue = athlete(division, n * 7 + 1);
      const match = await post('/matches', { divisionId: `d${division}`, redAthleteId: red, blueAthleteId: blue });
      const completedAt = new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString();
      lastEventId = (await post(`/matches/${match.id}/result`, { winnerId: red, method: 'KO', completedAt })).eventId;
      if (n % 3 === 0) {
        lastEventId = (await post(`/matches/${match.id}/result`, { winnerId: null, method: 'DRAW', completedAt }, 'PUT')).eventId;
      }
      written++;
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
      return { written, lastEventId };
    },
  };
}

/** Reads the rankings page through the alias as fast as it can; every answer must be a 200 with items. */
function keepReading() {
  let stopped = false;
  const failures: string[] = [];
  let reads = 0;
  const done = (async () => {
    while (!stopped) {
      const response = await fetch(`${query.url}/rankings?divisionId=d1&size=5`).catch((e: Error) => ({ status: 0, json: async () => e.message }));
      const body = (await response.json()) as { items?: unknown[] };
      if (response.status !== 200 || !body.items?.length) failures.push(`${response.status} ${JSON.stringify(body).slice(0, 200)}`);
      reads++;
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
      return { reads, failures };
    },
  };
}

it('rebuilds the index and Redis while results keep arriving, with no failed read and no drift afterwards', async () => {
  // The seeded rows never went through Kafka: a first rebuild gives the read models a baseline
  // (the two write different stores from the same tables: side by side).
  const baseline = await Promise.all([runOps(['reindex'], env), runOps(['reproject-redis'], env)]);
  for (const run of baseline) expectExit(run, 0);

  const reader = keepReading();
  const writer = keepWritingResults();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  // Both rebuilds at once, as on-call may run them, with the writes and reads going on throughout.
  const [reindex, reproject] = await Promise.all([runOps(['--json', 'reindex', '--batch-size', '50'], env), runOps(['reproject-redis'], env)]);
  const { written, lastEventId } = await writer.stop();
  const { reads, failures } = await reader.stop();

  expectExit(reindex, 0);
  expectExit(reproject, 0);
  expect(written).toBeGreaterThan(5);
  expect(reads).toBeGreaterThan(20);
  expect(failures).toEqual([]);

  // Both projections have applied the last write before the comparison.
  // A filtered page waits for Elasticsearch and Redis (the athlete page is Redis alone).
  const es = await fetch(`${query.url}/rankings?divisionId=d1&weightClass=lightweight&waitFor=${lastEventId}&waitMs=10000`);
  expect(es.headers.get('x-projection-stale')).toBeNull();
  const redis = await fetch(`${query.url}/divisions/d1/leaderboard?waitFor=${lastEventId}&waitMs=10000`);
  expect(redis.headers.get('x-projection-stale')).toBeNull();

  // Both only read: side by side.
  const [reconcile, status] = await Promise.all([runOps(['reconcile'], env), statusOnceBothLive()]);
  expectExit(reconcile, 0);
  expect(reconcile.stdout).toContain(`no drift (${3 * PER_DIVISION} athletes, 3 divisions`);

  expect(status).toMatch(/projection elasticsearch: live/);
  expect(status).toMatch(/projection redis: live/);
}, 240_000);

/**
 * `status` shows what rankings-query's monitors read on their last tick (every second), so a
 * rebuild that has just swapped can still show as `rebuilding` for up to a tick: asks again
 * for a few ticks and gives the last answer.
 */
async function statusOnceBothLive(): Promise<string> {
  let stdout = '';
  for (let attempt = 0; attempt < 10; attempt++) {
    const run = await runOps(['status'], env);
    expectExit(run, 0);
    stdout = run.stdout;
    if (/projection elasticsearch: live/.test(stdout) && /projection redis: live/.test(stdout)) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return stdout;
}
