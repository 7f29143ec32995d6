import type { Pool } from 'pg';
import { eventually, uniqueName, type TestDatabase, createTestDatabase, createTestPool } from '@test/support';
import { acknowledgedCount, EventStream, insertOutboxEvents } from './outbox-fixtures';
import { globalBrokers, type RelayTarget } from './relay-env';
import { roleOf, startRelayProcess, type RelayProcess } from './relay-process';
import { TopicReader, waitForDistinct } from './topic-reader';

/** Relays as real processes (the compiled main.js): crashes, fail-over, several at once. */
describe('outbox relay processes', () => {
  let database: TestDatabase;
  let pool: Pool;
  const processes: RelayProcess[] = [];
  const readers: TopicReader[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = createTestPool(database.url);
  });

  afterEach(async () => {
    await Promise.all(processes.splice(0).map((p) => p.stop(5_000)));
    await Promise.all(readers.splice(0).map((r) => r.stop()));
    await pool.query('TRUNCATE outbox');
    await pool.query(`UPDATE outbox_checkpoint SET txid = '0', id = 0`);
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  function target(): RelayTarget {
    return {
      databaseUrl: database.url,
      brokers: globalBrokers(),
      topic: uniqueName('procs'),
      redisPrefix: `${uniqueName('procs')}:`,
    };
  }

  async function relay(t: RelayTarget, extra: Record<string, string> = {}): Promise<RelayProcess> {
    const started = await startRelayProcess(t, extra);
    processes.push(started);
    return started;
  }

  const publishedCount = () => acknowledgedCount(pool);

  async function expectAllDeliveredInOrder(t: RelayTarget, stream: EventStream): Promise<TopicReader> {
    const reader = await new TopicReader(t.brokers, t.topic).start();
    readers.push(reader);
    await waitForDistinct(reader, stream.total, 30_000);
    const sequences = reader.firstSeenSequences();
    for (const [division, expected] of stream.expectedSequences()) expect(sequences.get(division)).toEqual(expected);
    return reader;
  }

  it('loses nothing when the relay is killed with kill -9 mid-batch and restarted', async () => {
    const t = target();
    const stream = new EventStream(['d-1', 'd-2', 'd-3', 'd-4', 'd-5', 'd-6']);
    for (let i = 0; i < 20; i++) await insertOutboxEvents(pool, stream.take(1000));

    const first = await relay(t, { RELAY_BATCH_SIZE: '500' });
    await eventually(async () => ((await publishedCount()) > 0 ? true : undefined), 10_000, 'publishing to start');
    await first.kill9();
    const publishedAtCrash = await publishedCount();
    expect(publishedAtCrash).toBeLessThan(stream.total); // it died with work left

    await relay(t, { RELAY_BATCH_SIZE: '500' });
    await eventually(
      async () => ((await publishedCount()) === stream.total ? true : undefined),
      30_000,
      'the rest to be published',
    );
    await expectAllDeliveredInOrder(t, stream);
  });

  it.each([2, 3])('keeps per-division order with %i relays running while leaders die', async (count) => {
    const t = target();
    const relays: RelayProcess[] = [];
    for (let i = 0; i < count; i++) relays.push(await relay(t));
    const stream = new EventStream(['red', 'blue', 'green', 'amber']);
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await insertOutboxEvents(pool, stream.take(10));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();

    // Take the leader away (kill -9, then SIGTERM) while writes continue; a standby takes over.
    for (let round = 0; round < count - 1; round++) {
      await new Promise((resolve) => setTimeout(resolve, 700));
      const roles = await Promise.all(relays.map(roleOf));
      expect(roles.filter((r) => r === 'leader')).toHaveLength(1);
      const leader = relays[roles.indexOf('leader')];
      if (round % 2 === 0) await leader.kill9();
      else await leader.stop(5_000);
      relays.splice(relays.indexOf(leader), 1);
      const next = await eventually(
        async () => ((await Promise.all(relays.map(roleOf))).includes('leader') ? true : undefined),
        5_000,
        'a standby to take over',
      );
      expect(next).toBe(true);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    writing = false;
    await writer;

    await eventually(
      async () => ((await publishedCount()) === stream.total ? true : undefined),
      20_000,
      'everything to be published',
    );
    await expectAllDeliveredInOrder(t, stream);
  });
});
