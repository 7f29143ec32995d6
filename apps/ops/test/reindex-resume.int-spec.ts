import { Client } from '@elastic/elasticsearch';
import type { Pool } from 'pg';
import { indicesBehindAlias } from '@app/search';
import { createTestDatabase, createTestPool, eventually, REPO_ROOT, TestDatabase } from '@test/support';
import { spawn } from 'node:child_process';
import { dropRedisKeys, expectExit, isolatedEnv, runOps } from './ops-cli';
import { seedSystemOfRecord } from './seed';

const ATHLETES = 3000;
const BATCH = 50;
const BATCHES = ATHLETES / BATCH;

let db: TestDatabase;
let env: NodeJS.ProcessEnv;
let pool: Pool;
let es: Client;

beforeAll(async () => {
  db = await createTestDatabase();
  env = isolatedEnv(db.url);
  await seedSystemOfRecord(db.url, { divisions: 3, athletesPerDivision: ATHLETES / 3, matches: 30_000 });
  pool = createTestPool(db.url, 2);
  es = new Client({ node: process.env.ELASTICSEARCH_URL! });
});

afterAll(async () => {
  await pool.end();
  await es.close();
  await db.drop();
  await dropRedisKeys(env.REDIS_KEY_PREFIX!);
});

interface Checkpoint {
  target_index: string;
  status: string;
  batches_written: number;
  docs_written: string;
  last_athlete_id: string | null;
}

async function checkpoint(): Promise<Checkpoint | undefined> {
  const { rows } = await pool.query<Checkpoint>('SELECT * FROM ops_reindex_runs WHERE alias = $1', [env.ELASTICSEARCH_ALIAS]);
  return rows[0];
}

it('continues a build killed with SIGKILL half-way from its checkpoint instead of starting over', async () => {
  const child = spawn('node', ['dist/apps/ops/src/main.js', 'reindex', '--batch-size', String(BATCH)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await eventually(async () => ((await checkpoint())?.batches_written ?? 0) >= 5 || undefined, 60_000, 'five checkpointed batches');
  child.kill('SIGKILL');
  await exited;

  const killed = (await checkpoint())!;
  expect(killed.status).toBe('building');
  expect(killed.batches_written).toBeGreaterThanOrEqual(5);
  expect(killed.batches_written).toBeLessThan(BATCHES);
  expect(await indicesBehindAlias(es, env.ELASTICSEARCH_ALIAS!)).toEqual([]);

  const status = await runOps(['status'], env);
  expect(status.stdout).toContain(`reindex in progress or interrupted: ${killed.target_index}`);

  const resumed = await runOps(['--json', 'reindex', '--resume', '--batch-size', String(BATCH)], env);
  expectExit(resumed, 0);
  const docsBefore = Number(killed.docs_written);
  // Same target, continued after the checkpoint: only the athletes not yet stored were written.
  expect(resumed.stderr).toContain(`resuming ${killed.target_index} after athlete ${killed.last_athlete_id}`);
  expect(resumed.json).toMatchObject({
    index: killed.target_index,
    resumed: true,
    attempts: 2,
    documentsThisRun: ATHLETES - docsBefore,
    batchesThisRun: BATCHES - killed.batches_written,
    batchesTotal: BATCHES,
    verification: { athletesInPostgres: ATHLETES, documentsInIndex: ATHLETES },
  });
  expect(await indicesBehindAlias(es, env.ELASTICSEARCH_ALIAS!)).toEqual([killed.target_index]);
  expect((await checkpoint())!.status).toBe('swapped');
});
