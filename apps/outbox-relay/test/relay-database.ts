import { Client } from 'pg';
import { prepareDatabase } from '@app/database';
import { dropDatabase, uniqueName, type TestDatabase } from '@test/support';

const PREFIX = 'relay_it';
const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Like `createTestDatabase()`, but under a prefix of the relay's own. The shared global
 * setup drops every `rankings_test_*` database when any jest run starts, which kills the
 * databases of a run already in progress when several engineers (or CI jobs) share one
 * Postgres; these suites hold a database for tens of seconds and were hit by it. Leftovers
 * of dead runs are removed here instead (the name carries the owning process id).
 */
export async function createRelayTestDatabase(): Promise<TestDatabase> {
  await dropDatabasesOfDeadProcesses();
  const name = uniqueName(PREFIX);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await prepareDatabase(url.toString());
  return { url: url.toString(), name, drop: () => dropDatabase(name) };
}

async function dropDatabasesOfDeadProcesses(): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${PREFIX}_%`]);
    for (const { datname } of rows) {
      const pid = Number(datname.split('_')[2]);
      if (Number.isInteger(pid) && !isAlive(pid)) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
