import type { Kafka, Producer } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { loadConfig, type LoadedConfig } from '@app/config';
import type { AnyEvent } from '@app/contracts';
import { createEventFactory, EventFactory } from './event-factory';
import { uniqueName } from './names';

/**
 * Helpers shared by the projector's and the read API's integration tests: a config with
 * the test's own topic, alias and Redis prefix, events, a producer, HTTP and Kafka reads.
 */

/** Environment of one test pipeline: its own topic, alias and Redis prefix, free ports. */
export function pipelineEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const name = uniqueName('rq');
  const base = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  return {
    ...base,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    KAFKA_TOPIC: `${name}.events`,
    ELASTICSEARCH_ALIAS: name,
    REDIS_KEY_PREFIX: `${name}:`,
    QUERY_PORT: '0',
    PROJECTOR_PORT: '0',
    ...overrides,
  };
}

export function pipelineConfig(overrides: Record<string, string> = {}): LoadedConfig {
  return loadConfig(pipelineEnv(overrides));
}

/** Events with ids unique to this run (the factory's seed). */
export function testEvents(startAt?: string): EventFactory {
  return createEventFactory({ seed: randomBytes(4).toString('hex'), startAt });
}

/** Produces events (or raw values, for poison messages) keyed by division, as the relay does. */
export class TestEventProducer {
  private connected: { kafka: Kafka; producer: Producer } | undefined;

  constructor(private readonly config: LoadedConfig) {}

  /** The Kafka client (after `connect()`), for admin reads such as committed offsets. */
  get client(): Kafka {
    if (!this.connected) throw new Error('TestEventProducer: connect() first');
    return this.connected.kafka;
  }

  async connect(): Promise<void> {
    // Loaded here rather than at the top: @app/kafka brings the tracer and the metrics along,
    // about half a second of every test file that imports @test/support, most of which never
    // produce an event.
    const { createKafka, ensureTopics } = await import('@app/kafka');
    const kafka = createKafka({ brokers: this.config.KAFKA_BROKERS, clientId: 'rankings-test' });
    const producer = kafka.producer();
    await ensureTopics(kafka, [this.config.KAFKA_TOPIC, `${this.config.KAFKA_TOPIC}.dlq`]);
    await producer.connect();
    this.connected = { kafka, producer };
  }

  async send(events: AnyEvent[]): Promise<void> {
    await this.sendRaw(events.map((e) => ({ key: e.divisionId, value: JSON.stringify(e) })));
  }

  async sendRaw(messages: Array<{ key: string; value: string | null }>): Promise<void> {
    if (!this.connected) throw new Error('TestEventProducer: connect() first');
    await this.connected.producer.send({ topic: this.config.KAFKA_TOPIC, messages });
  }

  async disconnect(): Promise<void> {
    await this.connected?.producer.disconnect();
  }
}

/** Polls until `check` stops throwing (assertions inside), or rethrows its last failure. */
export async function eventuallyPasses<T>(check: () => Promise<T> | T, timeoutMs = 15_000, everyMs = 50): Promise<T> {
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

/** Reads one labelled sample of a Prometheus metric from a service's /metrics text. */
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

/** The environment a service process needs to join the pipeline `config` describes. */
export function serviceEnv(config: LoadedConfig, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: config.LOG_LEVEL,
    DATABASE_URL: config.DATABASE_URL,
    KAFKA_BROKERS: config.KAFKA_BROKERS.join(','),
    KAFKA_TOPIC: config.KAFKA_TOPIC,
    ELASTICSEARCH_URL: config.ELASTICSEARCH_URL,
    ELASTICSEARCH_ALIAS: config.ELASTICSEARCH_ALIAS,
    ELASTICSEARCH_REQUEST_TIMEOUT_MS: String(config.ELASTICSEARCH_REQUEST_TIMEOUT_MS),
    REDIS_URL: config.REDIS_URL,
    // Set or cleared: a Redis Cluster in the test's config, never one inherited from the shell.
    REDIS_CLUSTER_NODES: config.REDIS_CLUSTER_NODES.join(','),
    REDIS_KEY_PREFIX: config.REDIS_KEY_PREFIX,
    FRESHNESS_SLA_MS: String(config.FRESHNESS_SLA_MS),
    ...extra,
  };
}
