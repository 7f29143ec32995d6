import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { createLogger, recordHttpRequestDurations, type Logger, useServiceLogger } from '@app/observability';
import { LeaderSession } from './leader/leader-session';
import { RelayModule, type RelayConfig } from './relay.module';

export type { RelayConfig } from './relay.module';

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
 * Boots the relay application (RelayModule) and serves /health and /metrics. `main.ts`
 * calls it with the process config; tests with a test database, their own topic and
 * port 0. The database must already be migrated (`prepareDatabase`).
 */
export async function startRelay(config: RelayConfig, options: RelayOptions = {}): Promise<RunningRelay> {
  const logger = options.logger ?? createLogger('outbox-relay', config.LOG_LEVEL);
  const adapter = new FastifyAdapter();
  recordHttpRequestDurations(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(
    RelayModule.forRoot({ config, logger, retentionIntervalMs: options.retentionIntervalMs }),
    adapter,
    { bufferLogs: true },
  );
  useServiceLogger(app);
  await app.listen(config.RELAY_PORT, options.host ?? '0.0.0.0');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const leader = app.get(LeaderSession);
  logger.info({ port, topic: config.KAFKA_TOPIC, batchSize: config.RELAY_BATCH_SIZE }, 'outbox relay started');

  let closing: Promise<void> | null = null;
  const close = async () => {
    await app.close();
    logger.info('outbox relay stopped');
  };
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    isLeader: () => leader.isLeader,
    close: () => (closing ??= close()),
  };
}
