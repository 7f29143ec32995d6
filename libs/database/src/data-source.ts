import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { migrations } from './migrations';

export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // No entities: TypeORM only runs the migrations; the services query with plain `pg`.
    entities: [],
    migrations,
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize },
  };
}

/** An arbitrary constant: every process that migrates takes this lock first. */
const MIGRATION_LOCK_KEY = 727_001;

/**
 * Creates the database if it is missing and applies pending migrations. Safe to call from
 * several processes starting at once: database creation tolerates losing the race, and
 * migrations run under a Postgres advisory lock. `log` gets a line before the work and
 * one after, so a start-up that waits here (a fresh database, another process holding
 * the lock) says why it is silent.
 */
export async function prepareDatabase(url: string, log: (message: string) => void = () => undefined): Promise<void> {
  const name = new URL(url).pathname.replace(/^\//, '');
  const started = Date.now();
  log(`preparing database "${name}": creating it if missing, applying pending migrations`);
  await createDatabaseIfMissing(url);
  const lock = new Client({ connectionString: url });
  await lock.connect();
  let applied = 0;
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const dataSource = new DataSource(dataSourceOptions(url, 2));
    await dataSource.initialize();
    try {
      applied = (await dataSource.runMigrations({ transaction: 'each' })).length;
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
  log(`database "${name}" ready: ${applied} migration(s) applied in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export async function createDatabaseIfMissing(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`DATABASE_URL names an unusable database "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return;
    await client.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
      // 42P04 duplicate_database / 23505: another process created it first.
      if (error.code !== '42P04' && error.code !== '23505') throw error;
    });
  } finally {
    await client.end();
  }
}
