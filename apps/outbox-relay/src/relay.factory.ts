import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import type { LoadedConfig } from '@app/config';
import { createKafka } from '@app/kafka';
import { createLogger, recordHttpRequestDurations, type Logger } from '@app/observability';
import { RelayHealth } from './health/relay-health';
import { LeaderSession } from './leader/leader-session';
import { WakeSignal } from './leader/wake-signal';
import { RelayMetrics } from './metrics/relay-metrics';
import { KafkaPublisher } from './publisher/kafka-publisher';
import { RelayLoop } from './relay-loop';
import { RelayMonitor } from './relay-monitor';
import { RelayModule } from './relay.module';
import { RetentionJob } from './retention/retention-job';
import { WatermarkReporter } from './watermark/watermark-reporter';

export type RelayConfig = Pick<
  LoadedConfig,
  | 'DATABASE_URL'
  | 'KAFKA_BROKERS'
  | 'KAFKA_TOPIC'
  | 'KAFKA_CLIENT_ID'
  | 'REDIS_URL'
  | 'REDIS_KEY_PREFIX'
  | 'RELAY_PORT'
  | 'RELAY_BATCH_SIZE'
  | 'RELAY_POLL_INTERVAL_MS'
  | 'OUTBOX_RETENTION_HOURS'
  | 'LOG_LEVEL'
>;

export interface RelayOptions {
  logger?: Logger;
  /** Interface to bind /health and /metrics to. */
  host?: string;
  retentionIntervalMs?: number;
}

export interface RunningRelay {
  port: number;
  url: string;
  isLeader(): boolean;
  /** Graceful stop: in-flight batch settled, lock released, connections closed. Idempotent. */
  close(): Promise<void>;
}

/**
 * Builds and starts a relay: the publishing loop, its monitor and retention, and the
 * HTTP server for /health and /metrics. `main.ts` calls it with the process config; tests
 * call it with a test database, their own topic and port 0. The database must already be
 * migrated (`prepareDatabase`). One relay per process (the metrics registry is global).
 */
export async function startRelay(config: RelayConfig, options: RelayOptions = {}): Promise<RunningRelay> {
  const logger = options.logger ?? createLogger('outbox-relay', config.LOG_LEVEL);
  const metrics = new RelayMetrics();
  const health = new RelayHealth(logger);
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: 2, connectionTimeoutMillis: 3000 });
  pool.on('error', (error) => logger.debug({ err: error }, 'idle Postgres connection failed')); // the probe reports it
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: false });
  redis.on('error', (error) => logger.debug({ err: error }, 'Redis connection error')); // the reporter logs state changes
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: `${config.KAFKA_CLIENT_ID}-outbox-relay`,
    // kafkajs logs every internal retry at warn/error; the relay logs state changes instead.
    logger: logger.child({ component: 'kafkajs' }, { level: logger.isLevelEnabled('debug') ? 'debug' : 'fatal' }),
  });
  const publisher = new KafkaPublisher(kafka, config.KAFKA_TOPIC);
  const leader = new LeaderSession(config.DATABASE_URL, logger);
  const watermark = new WatermarkReporter(redis, config.REDIS_KEY_PREFIX, logger);
  const loop = new RelayLoop(leader, new WakeSignal(), health, metrics, logger, {
    batchSize: config.RELAY_BATCH_SIZE,
    pollIntervalMs: config.RELAY_POLL_INTERVAL_MS,
    publish: (rows) => publisher.publish(rows),
    onPublished: (rows) => watermark.published(rows),
  });
  const monitor = new RelayMonitor({ pool, brokers: config.KAFKA_BROKERS, health, metrics, leader, loop, watermark });
  const retention = new RetentionJob(pool, leader, config.OUTBOX_RETENTION_HOURS, logger, options.retentionIntervalMs);

  const state = { health, role: () => (leader.isLeader ? ('leader' as const) : ('standby' as const)) };
  const adapter = new FastifyAdapter();
  recordHttpRequestDurations(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(RelayModule.forRoot(state, logger), adapter, { bufferLogs: true });
  app.useLogger(app.get(NestPinoLogger));
  await app.listen(config.RELAY_PORT, options.host ?? '0.0.0.0');
  const port = (app.getHttpServer().address() as AddressInfo).port;

  loop.start();
  monitor.start();
  retention.start();
  logger.info({ port, topic: config.KAFKA_TOPIC, batchSize: config.RELAY_BATCH_SIZE }, 'outbox relay started');

  let closing: Promise<void> | null = null;
  const close = async () => {
    await monitor.stop();
    await retention.stop();
    await loop.stop();
    await publisher.disconnect(); // fails a send still hanging: its rows stay unpublished
    await loop.finished();
    await leader.release();
    await Promise.allSettled([pool.end(), redis.quit(), app.close()]);
    metrics.unregister();
    logger.info('outbox relay stopped');
  };
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    isLeader: () => leader.isLeader,
    close: () => (closing ??= close()),
  };
}
