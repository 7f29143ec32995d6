import { prepareDatabase } from '@app/database';
import { dropDatabase, uniqueName } from '@test/support';

/**
 * A migrated database for one ops test file. Not `createTestDatabase()`: every jest run's
 * global setup drops all `rankings_test_*` databases, including those of a run already in
 * progress in the same working tree, which kills a minutes-long rebuild test half-way.
 */
export async function createOpsTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = uniqueName('ops_it');
  const url = new URL(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${name}`;
  await prepareDatabase(url.toString());
  return { url: url.toString(), drop: () => dropDatabase(name) };
}
