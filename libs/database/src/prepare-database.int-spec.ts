import { Client } from 'pg';
import { dropDatabase, uniqueName } from '@test/support';
import { prepareDatabase } from './data-source';
import { migrations } from './migrations';

describe('prepareDatabase', () => {
  const name = uniqueName('rankings_test_prepare');
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  afterAll(() => dropDatabase(name));

  it('creates and migrates a missing database even when several processes start at once', async () => {
    await Promise.all([prepareDatabase(url), prepareDatabase(url), prepareDatabase(url)]);
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['athletes', 'divisions', 'match_results', 'matches', 'outbox']));
      const applied = await client.query('SELECT name FROM migrations');
      expect(applied.rowCount).toBe(migrations.length); // each applied exactly once despite three racers
    } finally {
      await client.end();
    }
  });
});
