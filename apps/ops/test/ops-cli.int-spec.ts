import { Client } from '@elastic/elasticsearch';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { cacheKeys, readLeaderboard, resolveGenerations } from '@app/cache';
import { indicesBehindAlias } from '@app/search';
import { createTestDatabase, TestDatabase } from '@test/support';
import { dropRedisKeys, expectExit, isolatedEnv, runOps } from './ops-cli';
import { seedSystemOfRecord } from './seed';

let db: TestDatabase;
let env: NodeJS.ProcessEnv;
let es: Client;
let redis: Redis;
let pool: Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  env = isolatedEnv(db.url);
  await seedSystemOfRecord(db.url, { divisions: 3, athletesPerDivision: 40, matches: 1500 });
  es = new Client({ node: process.env.ELASTICSEARCH_URL! });
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  pool = new Pool({ connectionString: db.url, max: 2 });
});

afterAll(async () => {
  await pool.end();
  await es.close();
  await redis.quit();
  await db.drop();
  await dropRedisKeys(env.REDIS_KEY_PREFIX!);
});

const alias = () => env.ELASTICSEARCH_ALIAS!;
const prefix = () => env.REDIS_KEY_PREFIX!;

async function leaderboards(): Promise<unknown[]> {
  const { live } = await resolveGenerations(redis, prefix());
  return Promise.all(['d1', 'd2', 'd3'].map((d) => readLeaderboard(redis, prefix(), live, d, 100)));
}

describe('ops CLI against Postgres, Redis and the Elasticsearch stand-in', () => {
  it('rebuilds both read models from Postgres and then finds no drift', async () => {
    const reindex = await runOps(['--json', 'reindex', '--batch-size', '25'], env);
    expect(reindex.stderr).toContain('building');
    expectExit(reindex, 0);
    expect(reindex.json).toMatchObject({ ok: true, documentsThisRun: 120, batchesThisRun: 5, verification: { athletesInPostgres: 120, documentsInIndex: 120 } });
    expect(await indicesBehindAlias(es, alias())).toEqual([reindex.json.index]);

    expectExit(await runOps(['reproject-redis'], env), 0);
    const reconcile = await runOps(['reconcile'], env);
    expect(reconcile.stdout).toMatch(/reconcile: no drift \(120 athletes, 3 divisions/);
    expectExit(reconcile, 0);
  });

  it('leaves every leaderboard identical when Redis is reprojected again', async () => {
    const before = await leaderboards();
    const { live } = await resolveGenerations(redis, prefix());
    const run = await runOps(['--json', 'reproject-redis'], env);
    expectExit(run, 0);
    expect(run.json.previousGeneration).toBe(live);
    expect(await leaderboards()).toEqual(before);
    expect((before[0] as unknown[]).length).toBe(40);
  });

  it('detects a deleted and a damaged document (exit 1) and repairs them (exit 0)', async () => {
    const index = (await indicesBehindAlias(es, alias()))[0]!;
    await es.delete({ index, id: 'd1-a000001', refresh: true });
    const damaged = await es.get<Record<string, unknown>>({ index, id: 'd2-a000002' });
    await es.index({ index, id: 'd2-a000002', document: { ...damaged._source, points: 999, recentForm: ['L'] }, refresh: true });

    const found = await runOps(['--json', 'reconcile'], env);
    expectExit(found, 1);
    expect(found.json.drift).toEqual({ missing: 1, extra: 0, different: 1 });
    const drifts = found.json.drifts as Array<{ key: string; kind: string; fields?: string[] }>;
    expect(drifts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'd1-a000001', kind: 'missing' }),
        expect.objectContaining({ key: 'd2-a000002', kind: 'different', fields: expect.arrayContaining(['points', 'recentForm']) }),
      ]),
    );

    const repaired = await runOps(['reconcile', '--repair'], env);
    expect(repaired.stdout).toContain('MISSING   elasticsearch athlete d1-a000001');
    expect(repaired.stdout).toContain('reconcile: no drift');
    expectExit(repaired, 0);
    expectExit(await runOps(['reconcile'], env), 0);
  });

  it('reports Redis drift and repairs it with a reprojection', async () => {
    const { live } = await resolveGenerations(redis, prefix());
    // The stored entry and leaderboard item of one athlete, as a bad write would leave them.
    const damaged = cacheKeys(prefix()).division(live, 'd3');
    await redis.hset(damaged.entries, 'd3-a000003', '"athleteId":"d3-a000003","points":1}');
    await redis.hset(damaged.leaderboardItems, 'd3-a000003', '"athleteId":"d3-a000003","name":"?","points":1}');
    const found = await runOps(['reconcile'], env);
    expectExit(found, 1);
    expect(found.stdout).toMatch(/DIFFERENT redis athlete d3-a000003/);
    const repaired = await runOps(['--json', 'reconcile', '--repair'], env);
    expectExit(repaired, 0);
    // The damaged leaderboard item shows in its division's leaderboard.
    expect(repaired.json).toMatchObject({ ok: true, repaired: { found: { missing: 0, extra: 0, different: 2 } } });
    const foundDrifts = (repaired.json.repaired as { foundDrifts: Array<{ model: string; key: string }> }).foundDrifts;
    expect(foundDrifts.map((d) => `${d.model} ${d.key}`).sort()).toEqual(['athlete d3-a000003', 'leaderboard d3']);
  });

  it('rolls back to the previous index, refuses a rollback with nothing older, and reindexes again', async () => {
    const first = (await indicesBehindAlias(es, alias()))[0]!;
    const second = await runOps(['--json', 'reindex'], env);
    expectExit(second, 0);
    expect(second.json.previousIndex).toBe(first);

    const rollback = await runOps(['--json', 'rollback'], env);
    expectExit(rollback, 0);
    expect(rollback.json).toMatchObject({ index: first, previousIndex: second.json.index });
    expect(await indicesBehindAlias(es, alias())).toEqual([first]);
    expectExit(await runOps(['reconcile'], env), 0);

    const nothingOlder = await runOps(['rollback'], env);
    expectExit(nothingOlder, 3);
    expect(nothingOlder.stderr).toMatch(/no previous index to roll back to/);

    const third = await runOps(['--json', 'reindex', '--keep', '2'], env);
    expectExit(third, 0);
    expect(third.json.previousIndex).toBe(first);
    const remaining = await es.indices.get({ index: `${alias()}-*` });
    expect(Object.keys(remaining).sort()).toEqual([first, third.json.index].sort());
    expectExit(await runOps(['reconcile'], env), 0);
  });

  it('refuses to keep a single index without confirmation and rejects bad arguments', async () => {
    const refused = await runOps(['reindex', '--keep', '1'], env);
    expectExit(refused, 3);
    expect(refused.stderr).toMatch(/--allow-no-rollback/);
    expectExit(await runOps(['reindex', '--batch-size', 'lots'], env), 64);
    expectExit(await runOps(['reindex', '--resume'], env), 3);
  });

  it('prints status with the alias, doc counts and the outbox backlog, and exits 0 with the query service down', async () => {
    const status = await runOps(['--json', 'status'], env);
    expectExit(status, 0);
    expect(status.json).toMatchObject({
      elasticsearch: { ok: true, value: { alias: alias() } },
      outbox: { ok: true, value: { events: 0 } },
      projections: { reachable: false },
    });
    const human = await runOps(['status'], env);
    expect(human.stdout).toMatch(new RegExp(`elasticsearch: alias ${alias()} → ${alias()}-\\d+`));
    expect(human.stdout).toMatch(/\s120 docs\s+live/);
  });
});
