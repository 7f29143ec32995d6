import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import pino from 'pino';
import { eventually, freePort, REPO_ROOT, startProcess, uniqueName, type RunningProcess, type TestDatabase, createTestDatabase, createTestPool } from '@test/support';
import { startRelay, type RunningRelay } from '../src/relay.factory';
import { scrapeMetric } from './metrics-scrape';
import { EventStream, insertOutboxEvents } from './outbox-fixtures';
import { relayConfig } from './relay-env';
import { TopicReader, waitForDistinct } from './topic-reader';

const KAFKA_MAIN = 'dist/libs/embedded-kafka/src/main.js';

/**
 * A hung broker: the embedded Kafka runs as a child process and is frozen with SIGSTOP.
 * Its port still accepts TCP connections (the kernel does that), nothing answers; this is
 * the outage that went unnoticed before (relay "ok" while the oldest event aged 20 s).
 */
describe('outbox relay against a hung broker', () => {
  let database: TestDatabase;
  let pool: Pool;
  let broker: RunningProcess | null = null;
  let relay: RunningRelay | null = null;
  let reader: TopicReader | null = null;
  const logLines: Array<{ msg: string; level: number; time: number }> = [];

  beforeAll(async () => {
    if (!existsSync(path.join(REPO_ROOT, KAFKA_MAIN))) throw new Error(`${KAFKA_MAIN} is missing: run \`npm run build\` first`);
    database = await createTestDatabase();
    pool = createTestPool(database.url);
  });

  afterAll(async () => {
    broker?.child.kill('SIGCONT');
    await reader?.stop();
    await relay?.close();
    await broker?.stop(5_000);
    await pool?.end();
    await database?.drop();
  });

  type HealthBody = { status: string; error: Record<string, { message?: string }> };
  async function health(): Promise<{ status: number; body: HealthBody }> {
    const response = await fetch(`${relay!.url}/health`);
    return { status: response.status, body: (await response.json()) as HealthBody };
  }

  it('turns degraded within 5 s of SIGSTOP, recovers by itself after SIGCONT, and loses nothing', async () => {
    const port = await freePort();
    broker = startProcess('node', [KAFKA_MAIN], { ...process.env, EMBEDDED_KAFKA_PORT: String(port), LOG_LEVEL: 'warn' });
    const brokers = [`127.0.0.1:${port}`];
    const topic = uniqueName('hang');
    const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(JSON.parse(line)) });
    relay = await eventually(
      async () =>
        startRelay(relayConfig({ databaseUrl: database.url, brokers, topic, redisPrefix: `${uniqueName('hang')}:` }), { logger }),
      20_000,
      'the relay to start against the child broker',
    );
    const stream = new EventStream(['north', 'south', 'east', 'west']);
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await insertOutboxEvents(pool, stream.take(10));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await eventually(
      async () => ((await scrapeMetric(relay!.url, 'outbox_published_total')) > 50 ? true : undefined),
      20_000,
      'publishing to start',
    );
    expect((await health()).status).toBe(200);

    broker.child.kill('SIGSTOP');
    const stoppedAt = Date.now();
    const degraded = await eventually(
      async () => {
        const h = await health();
        return h.status === 503 ? h.body : undefined;
      },
      10_000,
      '/health to report the hung broker',
    );
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    expect(Object.keys(degraded.error)).toEqual(['kafka']); // terminus's shape: the failing check by name, with its reason
    expect(degraded.error.kafka.message).toBeTruthy();
    await eventually(
      async () => ((await scrapeMetric(relay!.url, 'outbox_publish_failures_total')) > 0 ? true : undefined),
      10_000,
      'a counted publish failure',
    );
    expect(await scrapeMetric(relay!.url, 'outbox_relay_degraded')).toBe(1);
    await eventually(
      async () => ((await scrapeMetric(relay!.url, 'outbox_oldest_unpublished_age_seconds')) >= 1 ? true : undefined),
      10_000,
      'the backlog to age',
    );

    broker.child.kill('SIGCONT');
    const resumedAt = Date.now();
    await eventually(async () => ((await health()).status === 200 ? true : undefined), 20_000, '/health to recover');
    const recoveredInMs = Date.now() - resumedAt;
    writing = false;
    await writer;
    await eventually(
      async () => ((await scrapeMetric(relay!.url, 'outbox_backlog_events')) === 0 ? true : undefined),
      20_000,
      'the backlog to drain',
    );
    expect(recoveredInMs).toBeLessThan(15_000);

    // One line when it turned, one when it came back: not one per retry.
    const transitions = logLines.filter((l) => l.time >= stoppedAt && /outbox relay (degraded|recovered): kafka/.test(l.msg));
    expect(transitions.map((l) => l.msg.split(':')[0])).toEqual(['outbox relay degraded', 'outbox relay recovered']);

    reader = await new TopicReader(brokers, topic).start();
    await waitForDistinct(reader, stream.total, 30_000);
    const sequences = reader.firstSeenSequences();
    for (const [division, expected] of stream.expectedSequences()) expect(sequences.get(division)).toEqual(expected);
  });
});
