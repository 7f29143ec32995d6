import { Client, Pool, type PoolClient } from 'pg';
import pino from 'pino';
import { EXACT_COUNT_LIMIT, readOutboxBacklog } from '@app/database';
import { eventually, type TestDatabase, createTestDatabase } from '@test/support';
import { insertOutboxEvents } from '../../test/outbox-fixtures';
import { deleteCheckpointedBefore } from '../retention/retention';
import { loadCheckpoint, saveCheckpoint } from './checkpoint-store';
import { LOG_START } from './log-position';
import { readLogAfter } from './outbox-reader';
import { GAP_WAIT_LIMIT_MS, OutboxTail, type TailStep } from './outbox-tail';

const revisions = (step: TailStep) =>
  step.kind === 'batch' ? step.rows.map((r) => JSON.parse(r.payload).data.revision) : step.kind;

describe('tailing the outbox', () => {
  let database: TestDatabase;
  let pool: Pool;
  let relayDb: Client;
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 4 });
    // pool.end() resolves before its idle clients have closed their sockets: the drop in
    // afterAll (WITH FORCE) can terminate one of them, and an unheard pool error would fail
    // whichever test is reported last.
    pool.on('error', () => undefined);
    relayDb = new Client({ connectionString: database.url });
    await relayDb.connect();
  });

  afterAll(async () => {
    await relayDb.end();
    await pool.end();
    await database.drop();
  });

  beforeEach(async () => {
    await pool.query('TRUNCATE outbox');
    await pool.query(`UPDATE outbox_checkpoint SET txid = '0', id = 0`);
  });

  async function inTransaction(): Promise<PoolClient> {
    const tx = await pool.connect();
    await tx.query('BEGIN');
    return tx;
  }

  async function end(...txs: PoolClient[]): Promise<void> {
    for (const tx of txs) {
      await tx.query('ROLLBACK').catch(() => undefined);
      tx.release();
    }
  }

  /** Waits out this database's other short transactions (autocommit inserts of the fixtures). */
  async function settledRevisions(tail: OutboxTail, count: number): Promise<number[]> {
    const seen: number[] = [];
    await eventually(
      async () => {
        const step = await tail.next();
        if (step.kind === 'batch') seen.push(...(revisions(step) as number[]));
        return seen.length >= count ? true : undefined;
      },
      15_000,
      `${count} rows`,
    );
    return seen;
  }

  it('hands out committed rows in log order, at most a batch at a time, never twice', async () => {
    const sequence = Array.from({ length: 23 }, (_, i) => i + 1); // ids past 9 and 99: numeric, not text, order
    await insertOutboxEvents(
      pool,
      sequence.slice(0, 12).map((seq) => ({ divisionId: 'elite-men', seq })),
    );
    await insertOutboxEvents(
      pool,
      sequence.slice(12).map((seq) => ({ divisionId: 'elite-men', seq })),
    );
    const tail = new OutboxTail(relayDb, LOG_START, 5, logger);
    expect(await settledRevisions(tail, 23)).toEqual(sequence);
    expect(await tail.next()).toEqual({ kind: 'idle' });
  });

  it('never skips a lower id committed late: the (txid, id) position is gap-safe where an id position is not', async () => {
    // The counterexample: E takes its xid first, D a higher one; D inserts id n, E inserts
    // id n+1 and commits while D is still in flight.
    const txE = await inTransaction();
    const txD = await inTransaction();
    try {
      await txE.query('SELECT pg_current_xact_id()');
      await txD.query('SELECT pg_current_xact_id()');
      const [d] = await insertOutboxEvents(txD, [{ divisionId: 'gap', seq: 1 }]);
      const [e] = await insertOutboxEvents(txE, [{ divisionId: 'gap', seq: 2 }]);
      const idOf = async (tx: PoolClient, eventId: string) =>
        (await tx.query<{ id: string }>('SELECT id::text FROM outbox WHERE event_id = $1', [eventId])).rows[0].id;
      const idD = await idOf(txD, d.eventId);
      const idE = await idOf(txE, e.eventId);
      expect(BigInt(idD)).toBeLessThan(BigInt(idE));
      await txE.query('COMMIT');

      // E is settled (its txid is below xmin = D's txid) and is read...
      const tail = new OutboxTail(relayDb, LOG_START, 10, logger);
      expect(await settledRevisions(tail, 1)).toEqual([2]);
      // ...an id-only keyset would now stand at E's id, past D's lower id:
      const idKeyset = idE;

      await txD.query('COMMIT');
      // The id keyset never returns D's row: that event would be lost.
      const afterId = await pool.query('SELECT 1 FROM outbox WHERE id > $1', [idKeyset]);
      expect(afterId.rowCount).toBe(0);
      // The (txid, id) tail delivers it.
      expect(await settledRevisions(tail, 1)).toEqual([1]);
    } finally {
      await end(txD, txE);
    }
  });

  it('holds rows behind an older transaction in flight, then hands both out in log order', async () => {
    const txA = await inTransaction();
    const txB = await inTransaction();
    try {
      await insertOutboxEvents(txA, [{ divisionId: 'elite-men', seq: 1 }]);
      await insertOutboxEvents(txB, [{ divisionId: 'elite-men', seq: 2 }]);
      await txB.query('COMMIT');
      const tail = new OutboxTail(relayDb, LOG_START, 10, logger);
      expect(await tail.next()).toEqual({ kind: 'held' });
      await txA.query('COMMIT');
      expect(await settledRevisions(tail, 2)).toEqual([1, 2]);
    } finally {
      await end(txA, txB);
    }
  });

  it('sends rows ahead of a long transaction once it held them a while, and not again when it ends', async () => {
    let now = 0;
    const tail = new OutboxTail(relayDb, LOG_START, 10, logger, () => now);
    const long = await inTransaction();
    try {
      await long.query('SELECT pg_current_xact_id()'); // a writer that never touches the outbox
      await insertOutboxEvents(pool, [{ divisionId: 'elite-men', seq: 1 }]);
      expect(await tail.next()).toEqual({ kind: 'held' });
      now += GAP_WAIT_LIMIT_MS;
      const ahead = await tail.next();
      expect(revisions(ahead)).toEqual([1]);
      expect(ahead).toMatchObject({ checkpoint: null }); // the durable position stays at the horizon
      await insertOutboxEvents(pool, [{ divisionId: 'elite-men', seq: 2 }]);
      expect(revisions(await tail.next())).toEqual([2]);
      expect(await tail.next()).toEqual({ kind: 'held' });
    } finally {
      await end(long);
    }
    // Settled now: the checkpoint moves past both without sending them twice.
    const settled = await eventually(
      async () => {
        const step = await tail.next();
        return step.kind === 'batch' ? step : undefined;
      },
      15_000,
      'the horizon to pass',
    );
    expect(settled).toMatchObject({ rows: [] });
    expect(settled.kind === 'batch' && settled.checkpoint).toEqual(tail.position);
  });

  it('is not held back by a long transaction of another database', async () => {
    // xmin is cluster-wide: before the horizon left other databases out, this held every
    // row for GAP_WAIT_LIMIT_MS (a test creating its database was enough).
    const elsewhere = new URL(database.url);
    elsewhere.pathname = '/postgres';
    const other = new Client({ connectionString: elsewhere.toString() });
    await other.connect();
    try {
      await other.query('BEGIN');
      const { rows } = await other.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
      const xmin = await relayDb.query<{ xmin: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin');
      expect(BigInt(xmin.rows[0].xmin)).toBeLessThanOrEqual(BigInt(rows[0].xid)); // it does hold the cluster's xmin
      await insertOutboxEvents(pool, [1, 2, 3].map((seq) => ({ divisionId: 'elite-men', seq })));
      // The clock stands still: rows can only come out as settled, never sent ahead.
      const tail = new OutboxTail(relayDb, LOG_START, 10, logger, () => 0);
      const step = await tail.next();
      expect(revisions(step)).toEqual([1, 2, 3]);
      expect(step).toMatchObject({ checkpoint: tail.position }); // settled: the checkpoint moves
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
  });

  it('still holds rows behind a long transaction of this database, then hands out all of them in log order', async () => {
    const tail = new OutboxTail(relayDb, LOG_START, 10, logger, () => 0);
    const long = await inTransaction();
    try {
      await long.query('SELECT pg_current_xact_id()'); // its xid is older than the rows below
      await insertOutboxEvents(pool, [2, 3].map((seq) => ({ divisionId: 'elite-men', seq })));
      expect(await tail.next()).toEqual({ kind: 'held' });
      expect(await tail.next()).toEqual({ kind: 'held' });
      await insertOutboxEvents(long, [{ divisionId: 'elite-men', seq: 1 }]);
      await long.query('COMMIT');
    } finally {
      await end(long);
    }
    // The long transaction's row sorts first (lower txid): nothing skipped, order kept.
    expect(await settledRevisions(tail, 3)).toEqual([1, 2, 3]);
    expect(await tail.next()).toEqual({ kind: 'idle' });
  });

  it('ignores rows of a transaction that rolled back', async () => {
    const tx = await inTransaction();
    await insertOutboxEvents(tx, [{ divisionId: 'elite-men', seq: 1 }]);
    await end(tx);
    await insertOutboxEvents(pool, [{ divisionId: 'elite-men', seq: 2 }]);
    expect(await settledRevisions(new OutboxTail(relayDb, LOG_START, 10, logger), 1)).toEqual([2]);
  });

  it('returns the stored trace context with each row', async () => {
    const headers = { 'x-datadog-trace-id': '123', traceparent: '00-0000000000000000000000000000007b-00000000000001c8-01' };
    await insertOutboxEvents(pool, [{ divisionId: 'elite-men', seq: 1, headers }]);
    const { rows } = await readLogAfter(relayDb, LOG_START, 1);
    expect(rows[0].headers).toEqual(headers);
  });

  it('saves the checkpoint forward only', async () => {
    await saveCheckpoint(relayDb, { txid: '100', id: '7' });
    await saveCheckpoint(relayDb, { txid: '99', id: '50' });
    expect(await loadCheckpoint(relayDb)).toEqual({ txid: '100', id: '7' });
    await saveCheckpoint(relayDb, { txid: '100', id: '8' });
    expect(await loadCheckpoint(relayDb)).toEqual({ txid: '100', id: '8' });
  });
});

describe('the outbox backlog read from Postgres', () => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 4 });
    pool.on('error', () => undefined); // see the pool of the tail's tests above
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  beforeEach(async () => {
    await pool.query('TRUNCATE outbox');
    await pool.query(`UPDATE outbox_checkpoint SET txid = '0', id = 0`);
  });

  async function checkpointAfterRevision(revision: number): Promise<void> {
    await pool.query(
      `UPDATE outbox_checkpoint c SET txid = o.txid, id = o.id FROM outbox o
        WHERE (o.payload::jsonb #>> '{data,revision}')::int = $1`,
      [revision],
    );
  }

  it('reads zero and no oldest event when everything is acknowledged', async () => {
    expect(await readOutboxBacklog(pool)).toEqual({ events: 0, oldestAgeSeconds: 0, oldestCreatedAt: null });
    await insertOutboxEvents(
      pool,
      [1, 2].map((seq) => ({ divisionId: 'elite-men', seq })),
    );
    await checkpointAfterRevision(2);
    expect(await readOutboxBacklog(pool)).toEqual({ events: 0, oldestAgeSeconds: 0, oldestCreatedAt: null });
  });

  it('counts the events past the checkpoint and dates the first of them', async () => {
    await insertOutboxEvents(
      pool,
      [1, 2, 3, 4].map((seq) => ({ divisionId: 'elite-men', seq })),
    );
    await pool.query(`UPDATE outbox SET created_at = now() - interval '90 seconds'`);
    await checkpointAfterRevision(1);
    const backlog = await readOutboxBacklog(pool);
    expect(backlog.events).toBe(3);
    expect(backlog.oldestAgeSeconds).toBeGreaterThanOrEqual(90);
    expect(backlog.oldestAgeSeconds).toBeLessThan(100);
    const { rows } = await pool.query<{ created_at: Date }>('SELECT created_at FROM outbox LIMIT 1');
    expect(backlog.oldestCreatedAt).toEqual(rows[0].created_at);
  });

  it('ages one second per second while nobody publishes (a dead relay)', async () => {
    await insertOutboxEvents(pool, [{ divisionId: 'elite-men', seq: 1 }]);
    const first = await readOutboxBacklog(pool);
    const firstAt = Date.now();
    const later = await eventually(
      async () => (Date.now() - firstAt >= 1_500 ? readOutboxBacklog(pool) : undefined),
      10_000,
      'time to pass',
    );
    const elapsed = (Date.now() - firstAt) / 1000;
    expect(later.events).toBe(1);
    expect(later.oldestAgeSeconds - first.oldestAgeSeconds).toBeGreaterThan(elapsed - 0.3);
    expect(later.oldestAgeSeconds - first.oldestAgeSeconds).toBeLessThan(elapsed + 0.3);
  });

  it('estimates a backlog past the exact-count limit from the id span, so a large one stays cheap to watch', async () => {
    await pool.query('TRUNCATE outbox RESTART IDENTITY');
    const total = EXACT_COUNT_LIMIT + 50;
    await insertOutboxEvents(
      pool,
      Array.from({ length: total }, (_, i) => ({ divisionId: 'elite-men', seq: i + 1 })),
    );
    expect((await readOutboxBacklog(pool)).events).toBe(total);
    await checkpointAfterRevision(100);
    expect((await readOutboxBacklog(pool)).events).toBe(total - 100);
  });

  it('does not count an open transaction until it commits', async () => {
    const tx = await pool.connect();
    try {
      await tx.query('BEGIN');
      await insertOutboxEvents(tx, [{ divisionId: 'elite-men', seq: 1 }]);
      expect((await readOutboxBacklog(pool)).events).toBe(0);
      await tx.query('COMMIT');
      expect((await readOutboxBacklog(pool)).events).toBe(1);
    } finally {
      tx.release();
    }
  });

  it('retention deletes only acknowledged rows older than the retention, in chunks', async () => {
    await insertOutboxEvents(
      pool,
      Array.from({ length: 25 }, (_, i) => ({ divisionId: 'elite-men', seq: i + 1 })),
    );
    await pool.query(`UPDATE outbox SET created_at = now() - interval '3 hours'`);
    await pool.query(`UPDATE outbox SET created_at = now() - interval '1 hour'
                       WHERE (payload::jsonb #>> '{data,revision}')::int IN (21, 22)`);
    await checkpointAfterRevision(22); // 23..25 are old but not yet acknowledged: they stay

    expect(await deleteCheckpointedBefore(pool, 2, { chunkSize: 7 })).toBe(20);
    const left = await pool.query<{ revision: number }>(
      `SELECT (payload::jsonb #>> '{data,revision}')::int AS revision FROM outbox ORDER BY txid, id`,
    );
    expect(left.rows.map((r) => r.revision)).toEqual([21, 22, 23, 24, 25]);
    expect(await deleteCheckpointedBefore(pool, 2, { chunkSize: 7 })).toBe(0);
  });
});
