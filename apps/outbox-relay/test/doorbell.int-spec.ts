import { Pool } from 'pg';
import { OUTBOX_DOORBELL_CHANNEL } from '@app/database';
import { eventually, uniqueName, type TestDatabase, createTestDatabase } from '@test/support';
import { startRelay, type RunningRelay } from '../src/relay.factory';
import { insertOutboxEvents } from './outbox-fixtures';
import { globalBrokers, relayConfig, type RelayTarget } from './relay-env';
import { TopicReader } from './topic-reader';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The writers' doorbell: a relay whose idle poll has backed off to seconds reads as soon
 * as a writer notifies OUTBOX_DOORBELL_CHANNEL after its commit (match-command does, see
 * OutboxWriter), not at its next poll.
 */
describe('outbox relay doorbell', () => {
  let database: TestDatabase;
  let pool: Pool;
  let target: RelayTarget;
  let relay: RunningRelay;
  let reader: TopicReader;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 2 });
    target = {
      databaseUrl: database.url,
      brokers: globalBrokers(),
      topic: uniqueName('bell'),
      redisPrefix: `${uniqueName('bell')}:`,
    };
    // A ceiling of 10 minutes: only the backoff from 1 ms decides when an unrung relay reads.
    relay = await startRelay(relayConfig(target, { RELAY_POLL_INTERVAL_MS: '600000' }));
    await eventually(async () => (relay.isLeader() ? true : undefined), 5_000, 'the relay to lead');
    reader = await new TopicReader(target.brokers, target.topic).start();
  });

  afterAll(async () => {
    await reader?.stop();
    await relay?.close();
    await pool?.end();
    await database?.drop();
  });

  it('publishes a committed event at the ring, while without one it waits for the backed-off poll', async () => {
    // Idle for 8.5 s: the pauses have doubled past 4 s (1 + 2 + ... + 4096 ms ≈ 8.2 s), so
    // the next unrung read is about 8 s away.
    await sleep(8_500);
    const [quiet] = await insertOutboxEvents(pool, [{ divisionId: 'bell', seq: 1 }]);
    await sleep(2_000);
    expect(reader.messages.some((m) => m.envelope.eventId === quiet.eventId)).toBe(false);

    const rungAt = Date.now();
    await pool.query('SELECT pg_notify($1, $2)', [OUTBOX_DOORBELL_CHANNEL, '']);
    await eventually(
      async () => reader.messages.find((m) => m.envelope.eventId === quiet.eventId),
      3_000,
      'the event after the ring',
    );
    expect(Date.now() - rungAt).toBeLessThan(3_000);
  }, 30_000);
});
