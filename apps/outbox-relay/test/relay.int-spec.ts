import { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { EVENT_HEADERS } from '@app/contracts';
import { readSourceWatermark } from '@app/watermark';
import { eventually, uniqueName, type TestDatabase, createTestDatabase, createTestPool } from '@test/support';
import { startRelay, type RunningRelay } from '../src/relay.factory';
import { EventStream, insertOutboxEvents } from './outbox-fixtures';
import { globalBrokers, relayConfig, type RelayTarget } from './relay-env';
import { TopicReader, waitForDistinct } from './topic-reader';

/** One relay in process against the run's embedded Kafka and a database of its own. */
describe('outbox relay (in process)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let target: RelayTarget;
  let relay: RunningRelay;
  let reader: TopicReader;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = createTestPool(database.url);
    target = {
      databaseUrl: database.url,
      brokers: globalBrokers(),
      topic: uniqueName('relay'),
      redisPrefix: `${uniqueName('relay')}:`,
    };
    relay = await startRelay(relayConfig(target));
    await eventually(async () => (relay.isLeader() ? true : undefined), 5_000, 'the relay to lead');
    reader = await new TopicReader(target.brokers, target.topic).start();
  });

  afterAll(async () => {
    await reader?.stop();
    await relay?.close();
    await pool?.end();
    await database?.drop();
  });

  it('publishes events keyed by division with the envelope and the identity headers', async () => {
    const [envelope] = await insertOutboxEvents(pool, [{ divisionId: 'elite-women', seq: 1 }]);
    await eventually(async () => reader.messages.find((m) => m.envelope.eventId === envelope.eventId), 10_000, 'the event');
    const message = reader.messages.find((m) => m.envelope.eventId === envelope.eventId)!;
    expect(message.key).toBe('elite-women');
    expect(message.envelope).toEqual(envelope);
    expect(message.headers[EVENT_HEADERS.eventId]).toBe(envelope.eventId);
    expect(message.headers[EVENT_HEADERS.type]).toBe('AthleteUpdated');
    expect(message.headers[EVENT_HEADERS.schemaVersion]).toBe('1');
    // The checkpoint moves past it right after Kafka's acknowledgement.
    await eventually(
      async () => {
        const acknowledged = await pool.query(
          `SELECT 1 FROM outbox o, outbox_checkpoint c WHERE o.event_id = $1 AND (o.txid, o.id) <= (c.txid, c.id)`,
          [envelope.eventId],
        );
        return acknowledged.rowCount === 1 ? true : undefined;
      },
      5_000,
      'the checkpoint to pass the event',
    );
  });

  it('carries the trace context stored with the event into the Kafka headers', async () => {
    const trace = {
      'x-datadog-trace-id': '4611686018427387904',
      'x-datadog-parent-id': '1234567890123456789',
      'x-datadog-sampling-priority': '1',
      traceparent: '00-00000000000000004000000000000000-112210f47de98115-01',
    };
    const [envelope] = await insertOutboxEvents(pool, [{ divisionId: 'elite-men', seq: 1, headers: trace }]);
    const message = await eventually(
      async () => reader.messages.find((m) => m.envelope.eventId === envelope.eventId),
      10_000,
      'the traced event',
    );
    expect(message.headers).toMatchObject(trace);
  });

  it('publishes both events when a lower id commits after a higher one', async () => {
    const txA = await pool.connect();
    const txB = await pool.connect();
    try {
      await txA.query('BEGIN');
      const [a] = await insertOutboxEvents(txA, [{ divisionId: 'gap', seq: 1 }]);
      await txB.query('BEGIN');
      const [b] = await insertOutboxEvents(txB, [{ divisionId: 'gap', seq: 2 }]);
      await txB.query('COMMIT');
      await new Promise((resolve) => setTimeout(resolve, 300)); // the relay has seen B by now
      await txA.query('COMMIT');
      await eventually(
        async () => (reader.messages.filter((m) => m.envelope.divisionId === 'gap').length >= 2 ? true : undefined),
        10_000,
        'both gap events',
      );
      // Both arrive; the id order itself is the reader's gap rule, asserted in its int-spec
      // (here another database's long transaction may have switched the relay to
      // publishing committed rows without waiting, see GAP_WAIT_LIMIT_MS).
      const gap = reader.messages.filter((m) => m.envelope.divisionId === 'gap');
      expect(new Set(gap.map((m) => m.envelope.eventId))).toEqual(new Set([a.eventId, b.eventId]));
    } finally {
      await txA.query('ROLLBACK').catch(() => undefined);
      await txB.query('ROLLBACK').catch(() => undefined);
      txA.release();
      txB.release();
    }
  });

  it('keeps publishing while an unrelated long transaction holds the gap rule back', async () => {
    const other = await pool.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_current_xact_id()'); // a writer that never touches the outbox
      const [envelope] = await insertOutboxEvents(pool, [{ divisionId: 'long-tx', seq: 1 }]);
      await eventually(async () => reader.messages.find((m) => m.envelope.eventId === envelope.eventId), 5_000, 'the event');
    } finally {
      await other.query('ROLLBACK');
      other.release();
    }
  });

  it('drains a backlog larger than a batch in per-division order', async () => {
    const stream = new EventStream(['d-1', 'd-2', 'd-3', 'd-4', 'd-5']);
    const before = reader.distinctEventIds().size;
    for (let i = 0; i < 6; i++) await insertOutboxEvents(pool, stream.take(500));
    await waitForDistinct(reader, before + stream.total, 20_000);
    const sequences = reader.firstSeenSequences();
    for (const [division, expected] of stream.expectedSequences()) expect(sequences.get(division)).toEqual(expected);
  });

  it('exposes the backlog gauges and counters on /metrics', async () => {
    const text = await eventually(
      async () => {
        const body = await (await fetch(`${relay.url}/metrics`)).text();
        return /^outbox_backlog_events 0$/m.test(body) ? body : undefined;
      },
      5_000,
      'an empty backlog on /metrics',
    );
    expect(text).toMatch(/^outbox_oldest_unpublished_age_seconds 0$/m);
    expect(text).toMatch(/^outbox_published_total \d{4,}$/m);
    expect(text).toMatch(/^outbox_publish_failures_total 0$/m);
    expect(text).toMatch(/^outbox_publish_latency_seconds_count \d+$/m);
    expect(text).toMatch(/^outbox_relay_leader 1$/m);
  });

  it('answers its probes 200 as the leader, in the one health body shape', async () => {
    const up = { postgres: { status: 'up' }, kafka: { status: 'up' }, relay: { status: 'up', role: 'leader' } };
    for (const path of ['/health', '/health/ready']) {
      const response = await fetch(`${relay.url}${path}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', info: up, error: {}, details: up });
    }
    expect((await fetch(`${relay.url}/health/live`)).status).toBe(200);
  });

  it('observes its HTTP requests in http_request_duration_seconds', async () => {
    await fetch(`${relay.url}/health/ready`);
    const text = await (await fetch(`${relay.url}/metrics`)).text();
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/health\/ready",status="200"\} [1-9]\d*$/m);
  });

  it('writes the source watermark and keeps its heartbeat beating while idle', async () => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const first = await eventually(
        async () => (await readSourceWatermark(redis, target.redisPrefix)) ?? undefined,
        5_000,
        'a watermark',
      );
      const { rows } = await pool.query<{ newest: Date }>('SELECT max(occurred_at) AS newest FROM outbox');
      expect(first.newestPublishedOccurredAt).toBe(rows[0].newest.getTime());
      const later = await eventually(
        async () => {
          const w = await readSourceWatermark(redis, target.redisPrefix);
          return w && w.heartbeatAt > first.heartbeatAt ? w : undefined;
        },
        5_000,
        'a newer heartbeat',
      );
      expect(later.newestPublishedOccurredAt).toBe(first.newestPublishedOccurredAt);
    } finally {
      redis.disconnect();
    }
  });

  it('stops through its lifecycle hooks: lock released, metrics unregistered, so a new relay in this process leads at once', async () => {
    await relay.close();
    const closedAt = Date.now();
    relay = await startRelay(relayConfig(target));
    await eventually(async () => (relay.isLeader() ? true : undefined), 5_000, 'the new relay to lead');
    expect(Date.now() - closedAt).toBeLessThan(3_000);
    const [envelope] = await insertOutboxEvents(pool, [{ divisionId: 'after-restart', seq: 1 }]);
    await eventually(async () => reader.messages.find((m) => m.envelope.eventId === envelope.eventId), 10_000, 'the event');
  });
});
