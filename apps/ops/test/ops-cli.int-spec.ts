import { createSocket } from 'node:dgram';
import { Client } from '@elastic/elasticsearch';
import Redis from 'ioredis';
import type { Pool } from 'pg';
import { cacheKeys, orderScore, readLeaderboard, readReconcileReport, resolveGenerations } from '@app/cache';
import { factDocumentId, indicesBehindAlias, MatchFactDocument, searchRankings } from '@app/search';
import { createTestDatabase, createTestPool, eventually, freePort, startProcess, TestDatabase } from '@test/support';
import { rankedFromPostgres } from './truth-from-postgres';
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
  pool = createTestPool(db.url, 2);
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

// Each test runs the CLI several times (reindexes among them) as child processes: on a
// loaded machine with the other workers reindexing too, one test took over 120 s.
jest.setTimeout(300_000);

describe('ops CLI against Postgres, Redis and the Elasticsearch stand-in', () => {
  it('rebuilds both read models from Postgres and then finds no drift', async () => {
    // The two rebuilds write different stores from the same tables: run side by side.
    const [reindex, reproject] = await Promise.all([runOps(['--json', 'reindex', '--batch-size', '25'], env), runOps(['reproject-redis'], env)]);
    expect(reindex.stderr).toContain('building');
    expectExit(reindex, 0);
    expect(reindex.json).toMatchObject({ ok: true, documentsThisRun: 120, batchesThisRun: 5, verification: { athletesInPostgres: 120, documentsInIndex: 120 } });
    expect(await indicesBehindAlias(es, alias())).toEqual([reindex.json.index]);
    expectExit(reproject, 0);

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
    // Its match facts are damaged too: a repair must write them from the truth (live events read them to count
    // each result once). Damaged at their own revision: a deleted fact leaves a tombstone of a higher version,
    // as in Elasticsearch, which no write at the result's revision passes.
    const { rows: results } = await pool.query<{ match_id: string; revision: number; winner_id: string | null }>(
      `SELECT r.match_id, r.revision, r.winner_id FROM match_results r JOIN matches m ON m.id = r.match_id
        WHERE 'd1-a000001' IN (m.red_athlete_id, m.blue_athlete_id)`,
    );
    expect(results.length).toBeGreaterThan(0);
    const factIds = results.map((r) => factDocumentId('d1-a000001', r.match_id));
    await es.bulk({
      refresh: true,
      operations: results.flatMap((r, i) => [
        { index: { _index: index, _id: factIds[i], version: r.revision, version_type: 'external_gte' } },
        { kind: 'match-fact', fact: { athleteId: 'd1-a000001', matchId: 'damaged', revision: r.revision, completedAt: '2000-01-01T00:00:00.000Z', outcome: 'X', opponentId: '' } },
      ]),
    });
    const damaged = await es.get<Record<string, unknown>>({ index, id: 'd2-a000002' });
    await es.index({ index, id: 'd2-a000002', document: { ...damaged._source, points: 999, recentForm: ['L'] }, refresh: true });

    const found = await runOps(['--json', 'reconcile'], env);
    expectExit(found, 1);
    const drifts = found.json.drifts as Array<{ model: string; key: string; kind: string; fields?: string[] }>;
    expect(drifts.filter((d) => d.model === 'athlete')).toEqual([
      expect.objectContaining({ key: 'd1-a000001', kind: 'missing' }),
      expect.objectContaining({ key: 'd2-a000002', kind: 'different', fields: expect.arrayContaining(['points', 'recentForm']) }),
    ]);
    // What users see: the deleted athlete is missing from its division's rankings list.
    expect(drifts).toEqual(expect.arrayContaining([expect.objectContaining({ model: 'rankings', key: 'd1/d1-a000001', kind: 'missing' })]));

    const repaired = await runOps(['reconcile', '--repair'], env);
    expect(repaired.stdout).toContain('MISSING   elasticsearch athlete d1-a000001');
    expect(repaired.stdout).toContain('reconcile: no drift');
    expectExit(repaired, 0);
    expectExit(await runOps(['reconcile'], env), 0);
    const { docs } = await es.mget<MatchFactDocument>({ index, ids: factIds });
    expect(
      docs.map((d) => ('found' in d && d.found ? { version: d._version, matchId: d._source!.fact.matchId, outcome: d._source!.fact.outcome } : null)),
    ).toEqual(results.map((r) => ({ version: r.revision, matchId: r.match_id, outcome: r.winner_id === null ? 'D' : r.winner_id === 'd1-a000001' ? 'W' : 'L' })));
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
    // The damaged entry shows in its division's rankings list, the damaged item in its leaderboard.
    expect(repaired.json).toMatchObject({ ok: true, repaired: { found: { missing: 0, extra: 0, different: 3 } } });
    const foundDrifts = (repaired.json.repaired as { foundDrifts: Array<{ model: string; key: string }> }).foundDrifts;
    expect(foundDrifts.map((d) => `${d.model} ${d.key}`).sort()).toEqual(['athlete d3-a000003', 'leaderboard d3/d3-a000003', 'rankings d3/d3-a000003']);
  });

  it('reports wrong ranks and a damaged leaderboard entry that the document checks miss (exit 1), and repairs them (exit 0)', async () => {
    // Truth first, from Postgres through the pure rules, independently of ops.
    const truthD2 = await rankedFromPostgres(pool, 'd2');
    const [leader, second] = truthD2;
    expect(leader.rank).toBe(1);
    // Elasticsearch: the second athlete's document is raised above the leader, so the
    // leader is shown at rank 2 although its own document is right.
    const index = (await indicesBehindAlias(es, alias()))[0]!;
    const doc = await es.get<Record<string, unknown>>({ index, id: second.athleteId });
    await es.index({ index, id: second.athleteId, document: { ...doc._source, points: leader.points + 30 }, refresh: true });
    // Redis: d3's last athlete gets the best score in the division's order set (what
    // leaderboards and ranks are read from); its entry and leaderboard item stay right.
    const { live } = await resolveGenerations(redis, prefix());
    const order = cacheKeys(prefix()).division(live, 'd3').order;
    const members = await redis.zrange(order, 0, -1);
    const lastId = members[members.length - 1]!;
    await redis.zadd(order, orderScore({ points: 10_000, wins: 10_000, losses: 0 }), lastId);

    const found = await runOps(['--json', 'reconcile'], env);
    expectExit(found, 1);
    const drifts = found.json.drifts as Array<{ store: string; model: string; key: string; fields?: string[]; expected?: Record<string, unknown>; actual?: Record<string, unknown> }>;
    expect(drifts.filter((d) => d.store === 'redis' && d.model === 'athlete')).toEqual([]);
    expect(drifts).toEqual(
      expect.arrayContaining([
        // Elasticsearch lists the leader second (its rank comes from the Redis order, as /rankings prints it).
        expect.objectContaining({ store: 'elasticsearch', model: 'rankings', key: `d2/${leader.athleteId}`, fields: ['position'], expected: { position: 1 }, actual: { position: 2 } }),
        expect.objectContaining({ store: 'elasticsearch', model: 'rankings', key: `d2/${second.athleteId}`, fields: ['position', 'points'], actual: { position: 1, points: leader.points + 30 } }),
        expect.objectContaining({ store: 'redis', model: 'leaderboard', key: `d3/${lastId}`, fields: ['position', 'rank'], actual: { position: 1, rank: 1 } }),
      ]),
    );
    expect(found.json.driftByModel).toMatchObject({ 'elasticsearch rankings': expect.any(Number), 'redis leaderboard': 40, 'redis rankings': 40 });

    const repaired = await runOps(['reconcile', '--repair'], env);
    expect(repaired.stdout).toContain('reconcile: no drift');
    expectExit(repaired, 0);
    const lines = (items: Array<{ rank: number; athleteId: string; points: number }>) => items.map(({ rank, athleteId, points }) => ({ rank, athleteId, points }));
    const searched = await searchRankings(es, alias(), { divisionId: 'd2', size: 100 });
    expect(lines(searched.items)).toEqual(truthD2);
    const board = await readLeaderboard(redis, prefix(), (await resolveGenerations(redis, prefix())).live, 'd3', 100);
    expect(lines(board ?? [])).toEqual(await rankedFromPostgres(pool, 'd3'));
    expectExit(await runOps(['reconcile'], env), 0);
  });

  it('repeats with --every, exports the drift gauge on its metrics port, and stops on SIGTERM with exit 0', async () => {
    const port = await freePort();
    // A stand-in DogStatsD agent: the Datadog monitors read the same gauge from there.
    const agent = createSocket('udp4');
    const datagrams: string[] = [];
    agent.on('message', (message) => datagrams.push(...message.toString().split('\n')));
    await new Promise<void>((resolve) => agent.bind(0, '127.0.0.1', resolve));
    const statsdEnv = { DD_TRACE_ENABLED: 'true', DD_TRACE_EXPERIMENTAL_EXPORTER: 'log', DD_DOGSTATSD_HOST: '127.0.0.1', DD_DOGSTATSD_PORT: String(agent.address().port) };
    const scheduled = startProcess('node', ['dist/apps/ops/src/main.js', 'reconcile', '--every', '1s', '--metrics-port', String(port)], { ...process.env, ...env, ...statsdEnv });
    try {
      const gauge = async (model: string) => {
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        const match = new RegExp(`^reconcile_drift_entries\\{store="redis",model="${model}"\\} (\\d+)$`, 'm').exec(text);
        return match ? Number(match[1]) : undefined;
      };
      expect(await eventually(async () => ((await gauge('athlete')) === 0 ? true : undefined), 60_000, 'a clean run')).toBe(true);
      const { live } = await resolveGenerations(redis, prefix());
      // The stored entry of one athlete (the entries hash holds the JSON after `"rank":N,`).
      await redis.hset(cacheKeys(prefix()).division(live, 'd1').entries, 'd1-a000004', '"athleteId":"d1-a000004","points":1}');
      expect(await eventually(async () => ((await gauge('athlete')) === 1 ? true : undefined), 60_000, 'the drift gauge at 1')).toBe(true);
      expect(await readReconcileReport(redis, prefix())).toMatchObject({ driftTotal: expect.any(Number), driftByModel: { 'redis athlete': 1 } });
      const gaugeSent = /^rankings\.reconcile\.drift_entries:1\|g\|#.*store:redis,model:athlete/;
      await eventually(async () => (datagrams.some((d) => gaugeSent.test(d)) ? true : undefined), 30_000, `the DogStatsD drift gauge (got ${datagrams.slice(-5).join(' ')})`);
    } finally {
      expect(await scheduled.stop()).toBe(0);
      agent.close();
    }
    expect(scheduled.output()).toMatch(/reconcile: stopped after \d+ runs/);
    expectExit(await runOps(['reconcile', '--repair'], env), 0);
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
    // reconcile only reads, and a refused rollback changes nothing: side by side.
    const [reconcile, nothingOlder] = await Promise.all([runOps(['reconcile'], env), runOps(['rollback'], env)]);
    expectExit(reconcile, 0);
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
    // Each is refused before it writes anything, so they run side by side.
    const [refused, badBatchSize, nothingToResume] = await Promise.all([
      runOps(['reindex', '--keep', '1'], env),
      runOps(['reindex', '--batch-size', 'lots'], env),
      runOps(['reindex', '--resume'], env),
    ]);
    expectExit(refused, 3);
    expect(refused.stderr).toMatch(/--allow-no-rollback/);
    expectExit(badBatchSize, 64);
    expectExit(nothingToResume, 3);
  });

  it('prints status with the alias, doc counts and the outbox backlog, and exits 0 with the query service down', async () => {
    // status gives each store 3 s: on a loaded machine the Elasticsearch stand-in (busy with
    // other workers' reindexes) can miss it once and show as unreadable; ask again then.
    const aliasLine = new RegExp(`elasticsearch: alias ${alias()} → ${alias()}-\\d+`);
    // Both forms only read: asked side by side.
    const [status, human] = await Promise.all([
      eventually(
        async () => {
          const run = await runOps(['--json', 'status'], env);
          return (run.json.elasticsearch as { ok?: boolean } | undefined)?.ok ? run : undefined;
        },
        60_000,
        'a status in which Elasticsearch answered in time',
      ),
      eventually(
        async () => {
          const run = await runOps(['status'], env);
          return aliasLine.test(run.stdout) ? run : undefined;
        },
        60_000,
        'a human status in which Elasticsearch answered in time',
      ),
    ]);
    expectExit(status, 0);
    expect(status.json).toMatchObject({
      elasticsearch: { ok: true, value: { alias: alias() } },
      outbox: { ok: true, value: { events: 0 } },
      projections: { reachable: false },
    });
    expect(human.stdout).toMatch(aliasLine);
    expect(human.stdout).toMatch(/\s120 docs\s+live/);
    // nothing in this stack publishes: its topic was never created, and status says so rather than "unreachable"
    expect(status.json).toMatchObject({ kafka: { ok: true, value: { exists: false, groups: [] } } });
    expect(human.stdout).toMatch(new RegExp(`^kafka: topic ${env.KAFKA_TOPIC} does not exist yet`, 'm'));
  });
});
