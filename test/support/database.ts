import { Client, Pool } from 'pg';
import { uniqueName } from './names';

export const TEST_DATABASE_PREFIX = 'rankings_test_';
const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file; `drop()` removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = uniqueName(TEST_DATABASE_PREFIX.replace(/_$/, ''));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // Loaded here rather than at the top: the migrations bring TypeORM along (a quarter of a
  // second of every test file that imports @test/support). Relative, not @app/database: the
  // global setup, which imports this file too, does not apply jest's moduleNameMapper.
  const { prepareDatabase } = await import('../../libs/database/src');
  await prepareDatabase(url.toString());
  return { url: url.toString(), name, drop: () => dropDatabase(name) };
}

/**
 * A pool on a test database. An idle connection that Postgres ends (a database dropped
 * WITH (FORCE), a terminated backend) is reported on the pool; without a listener that
 * is an unhandled 'error' that fails whichever test the worker runs then. A query on a
 * dead connection still fails the test that made it.
 */
export function createTestPool(url: string, max = 4): Pool {
  const pool = new Pool({ connectionString: url, max });
  pool.on('error', () => undefined);
  return pool;
}

export async function dropDatabase(name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * Drops the test databases whose creating process is gone (an interrupted run) or is this
 * one. A database of another live run on the same Postgres is left alone: names carry the
 * creator's pid (see uniqueName).
 */
export async function dropStaleTestDatabases(): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${TEST_DATABASE_PREFIX}%`,
    ]);
    for (const { datname } of rows) {
      const pid = Number(/_(\d+)_[0-9a-f]{8}$/.exec(datname)?.[1]);
      if (pid && pid !== process.pid && isAlive(pid)) continue;
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
