import type { Kafka, Producer } from 'kafkajs';
import { loadConfig, LoadedConfig } from '@app/config';
import type { AnyEvent } from '@app/contracts';
import { createKafka, ensureTopics } from '@app/kafka';
import { createEventFactory, EventFactory } from '@app/rankings';
import { uniqueName } from '@test/support';
import { randomBytes } from 'node:crypto';
import { createQueryApp, QueryApp } from '../src/app.factory';
import type { RuntimeTuning } from '../src/query-runtime';

/** Shared helpers for the rankings-query integration tests: one place, not one per file. */

/** A config with this test's own topic, alias and Redis prefix, on a free port. */
export function testConfig(overrides: Record<string, string> = {}): LoadedConfig {
  const name = uniqueName('rq');
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    KAFKA_TOPIC: `${name}.events`,
    ELASTICSEARCH_ALIAS: name,
    REDIS_KEY_PREFIX: `${name}:`,
    QUERY_PORT: '0',
    ...overrides,
  });
}

export async function startQueryApp(config: LoadedConfig, tuning: Partial<RuntimeTuning> = {}): Promise<QueryApp> {
  return createQueryApp(config, { monitorIntervalMs: 200, breakerHalfOpenAfterMs: 500, ...tuning }, { docsUi: false });
}

/** Events with ids unique to this run (the factory's seed). */
export function testEvents(startAt?: string): EventFactory {
  return createEventFactory({ seed: randomBytes(4).toString('hex'), startAt });
}

/** Produces events (or raw values, for poison messages) keyed by division, as the relay does. */
export class TestEventProducer {
  private readonly kafka: Kafka;
  private readonly producer: Producer;

  constructor(private readonly config: LoadedConfig) {
    this.kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'rankings-query-test' });
    this.producer = this.kafka.producer();
  }

  get client(): Kafka {
    return this.kafka;
  }

  async connect(): Promise<void> {
    await ensureTopics(this.kafka, [this.config.KAFKA_TOPIC, `${this.config.KAFKA_TOPIC}.dlq`]);
    await this.producer.connect();
  }

  async send(events: AnyEvent[]): Promise<void> {
    await this.sendRaw(events.map((e) => ({ key: e.divisionId, value: JSON.stringify(e) })));
  }

  async sendRaw(messages: Array<{ key: string; value: string | null }>): Promise<void> {
    await this.producer.send({ topic: this.config.KAFKA_TOPIC, messages });
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}

/** Polls until `check` stops throwing (assertions inside), or rethrows its last failure. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}

export async function getJson<T = unknown>(url: string): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
}

/** Reads one labelled sample of a Prometheus metric from the app's /metrics text. */
export async function readMetric(baseUrl: string, name: string, labels: Record<string, string>): Promise<number | null> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.indexOf('}'));
    if (wanted.every((w) => labelText.split(',').includes(w))) return Number(line.slice(line.indexOf('}') + 1).trim());
  }
  return null;
}

/** Committed offsets of a consumer group on a topic, summed over partitions (-1 counts as 0). */
export async function committedTotal(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return entry.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

/** The topic's end offsets summed over partitions (how many messages it holds). */
export async function topicEndTotal(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}
