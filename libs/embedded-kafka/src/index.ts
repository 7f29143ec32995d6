import { Broker } from './broker';
import { Logger, silentLogger } from './logger';
import { KafkaServer } from './server/server';

export interface EmbeddedKafkaOptions {
  /** 0 = ephemeral. Default 9092. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Host advertised to clients; default: the local address each connection reached. */
  advertisedHost?: string;
  /** Directory for topics, logs and committed offsets; unset = memory only. */
  dataDir?: string;
  /** Partitions of auto-created topics (and CreateTopics with -1). Default 3. */
  defaultPartitions?: number;
  /** Largest request frame accepted; bigger ones close the connection. Default 100 MiB. */
  maxFrameBytes?: number;
  /** Background fsync interval with a dataDir. Default 1000 ms. */
  fsyncIntervalMs?: number;
  /** Grace before evicting a group member whose connections all closed. Default 1000 ms. */
  deadConnectionGraceMs?: number;
  /** Interval of the retention check (Kafka's log.retention.check.interval.ms). Default 300 000 ms. */
  retentionCheckIntervalMs?: number;
  /** pino-like logger; default silent. */
  logger?: Logger;
}

export interface EmbeddedKafka {
  /** ['<host>:<boundPort>'], ready for kafkajs's `brokers`. */
  readonly brokers: string[];
  readonly port: number;
  close(): Promise<void>;
}

/** Starts a single-node Kafka-protocol broker; resolves once it accepts connections. */
export async function startEmbeddedKafka(options: EmbeddedKafkaOptions = {}): Promise<EmbeddedKafka> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger;
  const broker = new Broker({
    dataDir: options.dataDir,
    defaultPartitions: options.defaultPartitions ?? 3,
    fsyncIntervalMs: options.fsyncIntervalMs ?? 1000,
    deadConnectionGraceMs: options.deadConnectionGraceMs ?? 1000,
    retentionCheckIntervalMs: options.retentionCheckIntervalMs ?? 300_000,
    logger,
  });
  const server = new KafkaServer(broker, { host, port: options.port ?? 9092, advertisedHost: options.advertisedHost, maxFrameBytes: options.maxFrameBytes ?? 100 * 1024 * 1024 }, logger);
  let port: number;
  try {
    port = await server.listen();
  } catch (error) {
    broker.close();
    throw error;
  }
  const advertised = options.advertisedHost ?? (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
  let closing: Promise<void> | undefined;
  return {
    brokers: [`${advertised}:${port}`],
    port,
    close: () =>
      (closing ??= (async () => {
        await server.close();
        broker.close();
      })()),
  };
}

export type { Logger } from './logger';
