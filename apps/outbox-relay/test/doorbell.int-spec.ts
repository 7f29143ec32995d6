import { OUTBOX_DOORBELL_CHANNEL } from '@app/database';
import { eventually } from '@test/support';
import { startInProcessRelay, type InProcessRelay } from './in-process-relay';
import { insertOutboxEvents } from './outbox-fixtures';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The writers' doorbell: a relay whose idle poll has backed off to seconds reads as soon
 * as a writer notifies OUTBOX_DOORBELL_CHANNEL after its commit (match-command does, see
 * OutboxWriter), not at its next poll.
 */
describe('outbox relay doorbell', () => {
  let running: InProcessRelay;

  // A ceiling of 10 minutes: only the backoff from 1 ms decides when an unrung relay reads.
  beforeAll(async () => (running = await startInProcessRelay('bell', { RELAY_POLL_INTERVAL_MS: '600000' })));
  afterAll(async () => running?.stop());

  it('publishes a committed event at the ring, while without one it waits for the backed-off poll', async () => {
    // Idle for 8.5 s: the pauses have doubled past 4 s (1 + 2 + ... + 4096 ms ≈ 8.2 s), so
    // the next unrung read is about 8 s away.
    await sleep(8_500);
    const [quiet] = await insertOutboxEvents(running.pool, [{ divisionId: 'bell', seq: 1 }]);
    await sleep(2_000);
    expect(running.reader.messages.some((m) => m.envelope.eventId === quiet.eventId)).toBe(false);

    const rungAt = Date.now();
    await running.pool.query('SELECT pg_notify($1, $2)', [OUTBOX_DOORBELL_CHANNEL, '']);
    await eventually(
      async () => running.reader.messages.find((m) => m.envelope.eventId === quiet.eventId),
      3_000,
      'the event after the ring',
    );
    expect(Date.now() - rungAt).toBeLessThan(3_000);
  }, 30_000);
});
