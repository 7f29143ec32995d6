import { Kafka, logLevel, LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

/** Partitions of the events topic when this system creates it (one division → one partition). */
export const EVENTS_TOPIC_PARTITIONS = 3;

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger?: Logger;
  /** Retries of a failed request or connection (default 5, with backoff up to 5 s). */
  retries?: number;
}

/**
 * A kafkajs client whose logs go to our structured logger. kafkajs retries requests
 * itself; callers add their own backoff around whole operations (publish, consume).
 */
export function createKafka({ brokers, clientId, logger, retries = 5 }: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 3000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 100, maxRetryTime: 5000, retries },
    // kafkajs logs every retry of every request; the services log each state change
    // themselves (degraded, recovered), so kafkajs's own lines are debug detail.
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      if (!logger) return;
      const { message, ...extra } = entry.log;
      logger.debug({ kafkajs: entry.namespace, kafkajsLevel: logLevel[entry.level], ...extra }, message);
    },
  });
}

/** Creates the topics if missing (already existing is fine) and waits for their leaders. */
export async function ensureTopics(kafka: Kafka, topics: string[], numPartitions = EVENTS_TOPIC_PARTITIONS): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: -1 })),
    });
  } finally {
    await admin.disconnect();
  }
}
