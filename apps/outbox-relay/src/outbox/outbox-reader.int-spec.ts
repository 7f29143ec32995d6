import { Client, Pool } from 'pg';
import { eventually, type TestDatabase, createTestDatabase } from '@test/support';
import { insertOutboxEvents } from '../../test/outbox-fixtures';
import { readOutboxBacklog } from '@app/database';
import { markPublished, readHoldBack, readPublishableBatch } from './outbox-reader';
import { deletePublishedBefore } from '../retention/retention';

describe('reading the outbox', () => {
  let database: TestDatabase;
  let pool: Pool;
  let relayDb: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 4 });
    relayDb = new Client({ connectionString: database.url });
    await relayDb.connect();
  });

  afterAll(async () => {
    await relayDb.end();
    await pool.end();
    await database.drop();
  });

  beforeEach(() => pool.query('TRUNCATE outbox'));

  it('returns unpublished rows in id order, at most `limit` of them', async () => {
    await insertOutboxEvents(
      pool,
      [1, 2, 3, 4, 5].map((seq) => ({ divisionId: 'elite-men', seq })),
    );
    const batch = await readPublishableBatch(relayDb, 3, 'visible');
    expect(batch.map((r) => JSON.parse(r.payload).data)).toMatchObject([{ revision: 1 }, { revision: 2 }, { revision: 3 }]);
    expect(batch.map((r) => Number(r.id))).toEqual([...batch.map((r) => Number(r.id))].sort((a, b) => a - b));
    await markPublished(
      relayDb,
      batch.map((r) => r.id),
    );
    const rest = await readPublishableBatch(relayDb, 10, 'visible');
    expect(rest.map((r) => JSON.parse(r.payload).data)).toMatchObject([{ revision: 4 }, { revision: 5 }]);
  });

  it('holds back a later commit while an earlier-id transaction is open, then publishes both in id order', async () => {
    const txA = await pool.connect();
    const txB = await pool.connect();
    try {
      await txA.query('BEGIN');
      await insertOutboxEvents(txA, [{ divisionId: 'elite-men', seq: 1 }]); // lower id, commits last
      await txB.query('BEGIN');
      await insertOutboxEvents(txB, [{ divisionId: 'elite-men', seq: 2 }]); // higher id
      await txB.query('COMMIT');

      // B is visible, but A (older, still in flight) may still add rows below it.
      expect(await readPublishableBatch(relayDb, 10)).toEqual([]);
      expect(await readHoldBack(relayDb)).toMatchObject({ held: true });

      await txA.query('COMMIT');
      // xmin is cluster-wide: another database's write transaction can hold it a while.
      const batch = await eventually(
        async () => {
          const rows = await readPublishableBatch(relayDb, 10, 'strict');
          return rows.length === 2 ? rows : undefined;
        },
        15_000,
        'both rows to become eligible',
      );
      expect(batch.map((r) => JSON.parse(r.payload).data)).toMatchObject([{ revision: 1 }, { revision: 2 }]);
      expect(Number(batch[0].id)).toBeLessThan(Number(batch[1].id));
    } finally {
      await txA.query('ROLLBACK').catch(() => undefined);
      await txB.query('ROLLBACK').catch(() => undefined);
      txA.release();
      txB.release();
    }
  });

  it('reads committed rows in id order without waiting in visible mode', async () => {
    const tx = await pool.connect();
    try {
      await tx.query('BEGIN');
      await tx.query('SELECT pg_current_xact_id()'); // an unrelated writer, still open
      await insertOutboxEvents(pool, [{ divisionId: 'elite-men', seq: 1 }]);
      expect(await readPublishableBatch(relayDb, 10, 'strict')).toEqual([]);
      const visible = await readPublishableBatch(relayDb, 10, 'visible');
      expect(visible.map((r) => JSON.parse(r.payload).data)).toMatchObject([{ revision: 1 }]);
    } finally {
      await tx.query('ROLLBACK');
      tx.release();
    }
  });

  it('ignores rows of a transaction that rolled back', async () => {
    const tx = await pool.connect();
    try {
      await tx.query('BEGIN');
      await insertOutboxEvents(tx, [{ divisionId: 'elite-men', seq: 1 }]);
      await tx.query('ROLLBACK');
    } finally {
      tx.release();
    }
    await insertOutboxEvents(pool, [{ divisionId: 'elite-men', seq: 2 }]);
    const batch = await readPublishableBatch(relayDb, 10, 'visible');
    expect(batch.map((r) => JSON.parse(r.payload).data)).toMatchObject([{ revision: 2 }]);
  });

  it('returns the stored trace context with each row', async () => {
    const headers = { 'x-datadog-trace-id': '123', traceparent: '00-0000000000000000000000000000007b-00000000000001c8-01' };
    await insertOutboxEvents(pool, [{ divisionId: 'elite-men', seq: 1, headers }]);
    const [row] = await readPublishableBatch(relayDb, 1, 'visible');
    expect(row.headers).toEqual(headers);
  });

  it('measures the backlog and the age of the oldest unpublished row', async () => {
    expect(await readOutboxBacklog(pool)).toEqual({ events: 0, oldestAgeSeconds: 0 });
    await insertOutboxEvents(
      pool,
      [1, 2, 3].map((seq) => ({ divisionId: 'elite-men', seq })),
    );
    await pool.query(`UPDATE outbox SET created_at = now() - interval '90 seconds' WHERE id = (SELECT min(id) FROM outbox)`);
    const backlog = await readOutboxBacklog(pool);
    expect(backlog.events).toBe(3);
    expect(backlog.oldestAgeSeconds).toBeGreaterThanOrEqual(90);
    expect(backlog.oldestAgeSeconds).toBeLessThan(100);
  });

  it('deletes only rows published before the retention, in bounded batches', async () => {
    await insertOutboxEvents(
      pool,
      Array.from({ length: 25 }, (_, i) => ({ divisionId: 'elite-men', seq: i + 1 })),
    );
    const ids = (await pool.query<{ id: string }>('SELECT id FROM outbox ORDER BY id')).rows.map((r) => r.id);
    await pool.query(`UPDATE outbox SET published_at = now() - interval '3 hours' WHERE id = ANY($1::bigint[])`, [
      ids.slice(0, 20),
    ]);
    await pool.query(`UPDATE outbox SET published_at = now() - interval '1 hour' WHERE id = ANY($1::bigint[])`, [
      ids.slice(20, 22),
    ]);
    await pool.query(`UPDATE outbox SET created_at = now() - interval '5 hours'`); // old but unpublished rows stay

    const deleted = await deletePublishedBefore(pool, 2, { batchSize: 7 });
    expect(deleted).toBe(20);
    const left = await pool.query<{ n: string }>('SELECT count(*) AS n FROM outbox');
    expect(Number(left.rows[0].n)).toBe(5);

    await insertOutboxEvents(pool, [{ divisionId: 'elite-men', seq: 99 }]);
    expect(await deletePublishedBefore(pool, 2, { batchSize: 7 })).toBe(0);
  });
});
