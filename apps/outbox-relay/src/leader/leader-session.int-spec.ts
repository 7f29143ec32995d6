import { Client } from 'pg';
import pino from 'pino';
import { createTestDatabase, type TestDatabase } from '@test/support';
import { LeaderSession } from './leader-session';

describe('leader election', () => {
  let database: TestDatabase;
  const sessions: LeaderSession[] = [];
  const abort = new AbortController();
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    abort.abort();
    for (const session of sessions) await session.release();
    await database.drop();
  });

  function session(): LeaderSession {
    const s = new LeaderSession(database.url, logger, 100);
    sessions.push(s);
    return s;
  }

  it('lets exactly one instance lead and fails over when the leader session dies', async () => {
    const first = session();
    const second = session();
    await first.acquire(abort.signal);
    const secondAcquired = second.acquire(abort.signal);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([first.isLeader, second.isLeader]).toEqual([true, false]);

    const lost: string[] = [];
    first.onLost((reason) => lost.push(reason));
    const { rows } = await first.db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    const killedAt = Date.now();
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
    await admin.end();

    await secondAcquired;
    expect(second.isLeader).toBe(true);
    expect(Date.now() - killedAt).toBeLessThan(1_500);
    expect(first.isLeader).toBe(false);
    expect(lost).toHaveLength(1);
    expect(() => first.db).toThrow(/not the outbox relay leader/);
  });

  it('hands over at once when the leader releases the lock', async () => {
    const [, current] = sessions;
    const next = session();
    const acquired = next.acquire(abort.signal);
    await current.release();
    await acquired;
    expect(next.isLeader).toBe(true);
  });
});
