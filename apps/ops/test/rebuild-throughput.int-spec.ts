import { createTestDatabase, TestDatabase } from '@test/support';
import { dropRedisKeys, expectExit, isolatedEnv, runOps } from './ops-cli';
import { seedSystemOfRecord } from './seed';

/**
 * Rebuild throughput at the benchmark's shape (100 matches per athlete), scaled down:
 * OPS_REBUILD_MATCHES (default 100k matches, 2k athletes). The figure goes to the log for
 * the benchmark issue; the assertions are that the rebuild completes and is whole.
 */
const MATCHES = Number(process.env.OPS_REBUILD_MATCHES ?? 100_000);
const ATHLETES = MATCHES / 50;
const DIVISIONS = 10;

let db: TestDatabase;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  db = await createTestDatabase();
  env = isolatedEnv(db.url);
  await seedSystemOfRecord(db.url, { divisions: DIVISIONS, athletesPerDivision: ATHLETES / DIVISIONS, matches: MATCHES });
}, 600_000);

afterAll(async () => {
  await db.drop();
  await dropRedisKeys(env.REDIS_KEY_PREFIX!);
});

it(`rebuilds ${MATCHES} matches (${ATHLETES} athletes) into a new index and a new Redis generation`, async () => {
  const reindex = await runOps(['--json', 'reindex', '--batch-size', '1000'], env);
  expectExit(reindex, 0);
  expect(reindex.json).toMatchObject({ documentsThisRun: ATHLETES, verification: { athletesInPostgres: ATHLETES, documentsInIndex: ATHLETES } });
  const seconds = reindex.json.seconds as number;

  const started = Date.now();
  const redis = await runOps(['--json', 'reproject-redis'], env);
  expectExit(redis, 0);
  expect(redis.json).toMatchObject({ athletes: ATHLETES, divisions: DIVISIONS });
  const redisSeconds = (Date.now() - started) / 1000;

  process.stdout.write(
    `rebuild throughput: Elasticsearch ${ATHLETES} docs / ${MATCHES} matches in ${seconds}s = ` +
      `${reindex.json.documentsPerSecond} docs/s, ${Math.round(MATCHES / seconds)} matches/s; ` +
      `Redis reprojection ${redisSeconds.toFixed(1)}s = ${Math.round(MATCHES / redisSeconds)} matches/s\n`,
  );
}, 600_000);
