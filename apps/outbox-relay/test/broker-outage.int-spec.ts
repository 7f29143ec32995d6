import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Pool } from 'pg';
import { startEmbeddedKafka, type EmbeddedKafka } from '@app/embedded-kafka';
import { eventually, uniqueName, type TestDatabase, createTestDatabase, createTestPool } from '@test/support';
import { startRelay, type RunningRelay } from '../src/relay.factory';
import { scrapeMetric } from './metrics-scrape';
import { EventStream, insertOutboxEvents } from './outbox-fixtures';
import { relayConfig } from './relay-env';
import { TopicReader, waitForDistinct } from './topic-reader';

/**
 * The relay against a broker of its own that is stopped in the middle of a stream of
 * writes and restarted on the same port with the same data directory.
 */
describe('outbox relay through a broker outage', () => {
  let database: TestDatabase;
  let pool: Pool;
  let dataDir: string;
  let broker: EmbeddedKafka | null = null;
  let relay: RunningRelay;
  let reader: TopicReader | null = null;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = createTestPool(database.url);
    dataDir = mkdtempSync(path.join(tmpdir(), 'relay-outage-'));
  });

  afterAll(async () => {
    await reader?.stop();
    await relay?.close();
    await broker?.close();
    await pool?.end();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers every event in per-division order, reports the outage on /health and drains the backlog after', async () => {
    broker = await startEmbeddedKafka({ port: 0, host: '127.0.0.1', dataDir });
    const { port, brokers } = broker;
    const topic = uniqueName('outage');
    relay = await startRelay(relayConfig({ databaseUrl: database.url, brokers, topic, redisPrefix: `${uniqueName('outage')}:` }));
    const stream = new EventStream(['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf']);
    const backlogSamples: number[] = [];
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await insertOutboxEvents(pool, stream.take(20));
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();

    await eventually(
      async () => ((await scrapeMetric(relay.url, 'outbox_published_total')) > 100 ? true : undefined),
      10_000,
      'publishing to start',
    );
    expect((await fetch(`${relay.url}/health`)).status).toBe(200);

    await broker.close();
    broker = null;
    const degraded = await eventually(
      async () => {
        const response = await fetch(`${relay.url}/health`);
        return response.status === 503 ? ((await response.json()) as { error: Record<string, { message: string }> }) : undefined;
      },
      5_000,
      '/health to report the broker outage',
    );
    expect(degraded.error.kafka.message).toMatch(/broker unreachable/);
    expect((await fetch(`${relay.url}/health/live`)).status).toBe(200);
    for (let i = 0; i < 15; i++) {
      backlogSamples.push(await scrapeMetric(relay.url, 'outbox_backlog_events'));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    broker = await startEmbeddedKafka({ port, host: '127.0.0.1', dataDir });
    await new Promise((resolve) => setTimeout(resolve, 500));
    writing = false;
    await writer;

    await eventually(
      async () => ((await fetch(`${relay.url}/health`)).status === 200 ? true : undefined),
      15_000,
      '/health to recover',
    );
    const drained = await eventually(
      async () => ((await scrapeMetric(relay.url, 'outbox_backlog_events')) === 0 ? true : undefined),
      15_000,
      'the backlog gauge to fall to 0',
    );
    expect(drained).toBe(true);
    // The gauge rose while the broker was away (the writer kept going).
    expect(Math.max(...backlogSamples)).toBeGreaterThan(100);
    expect(backlogSamples[backlogSamples.length - 1]).toBeGreaterThan(backlogSamples[0]);
    expect(await scrapeMetric(relay.url, 'outbox_publish_failures_total')).toBeGreaterThan(0);

    reader = await new TopicReader(brokers, topic).start();
    await waitForDistinct(reader, stream.total, 20_000);
    const sequences = reader.firstSeenSequences();
    for (const [division, expected] of stream.expectedSequences()) expect(sequences.get(division)).toEqual(expected);
  });
});
