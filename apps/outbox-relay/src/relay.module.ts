import { DynamicModule, Module, type Provider } from '@nestjs/common';
import type { LoadedConfig } from '@app/config';
import { createKafka } from '@app/kafka';
import { HealthProbesModule, loggerModule, MetricsController, type Logger } from '@app/observability';
import { relayHealthProbes, type RelayState } from './health/relay-probes';
import { RelayHealth } from './health/relay-health';
import { LeaderSession } from './leader/leader-session';
import { RelayMetrics } from './metrics/relay-metrics';
import { KafkaPublisher } from './publisher/kafka-publisher';
import { RelayConnections } from './relay-connections';
import { RelayLoop } from './relay-loop';
import { RelayMonitor } from './relay-monitor';
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
  | 'RELAY_SEND_TIMEOUT_MS'
  | 'OUTBOX_RETENTION_HOURS'
  | 'LOG_LEVEL'
> &
  Partial<Pick<LoadedConfig, 'REDIS_CLUSTER_NODES'>>;

export interface RelayModuleOptions {
  config: RelayConfig;
  logger: Logger;
  retentionIntervalMs?: number;
}

const RELAY_CONFIG = Symbol('RELAY_CONFIG');
const RELAY_LOGGER = Symbol('RELAY_LOGGER');
const RELAY_STATE = Symbol('RELAY_STATE');

/**
 * The relay as a Nest application: each part a provider, started and stopped by Nest's
 * lifecycle hooks in this order:
 *  - bootstrap: the loop, the monitor and retention start (`onApplicationBootstrap`);
 *  - shutdown 1 (`onModuleDestroy`): they stop, the loop after its in-flight batch;
 *  - shutdown 2 (`beforeApplicationShutdown`): the producer disconnects and the leader
 *    lock is released, so a standby takes over at once;
 *  - shutdown 3 (`onApplicationShutdown`): Postgres and Redis close, metrics unregister.
 * One relay per process (the metrics registry is global).
 */
@Module({})
export class RelayModule {
  static forRoot({ config, logger, retentionIntervalMs }: RelayModuleOptions): DynamicModule {
    return {
      module: RelayModule,
      // Global only so the probes module can read the relay's state provider.
      global: true,
      imports: [
        loggerModule(logger),
        HealthProbesModule.forRoot({ inject: [RELAY_STATE], useFactory: (state: RelayState) => relayHealthProbes(state) }),
      ],
      controllers: [MetricsController],
      providers: [
        { provide: RELAY_CONFIG, useValue: config },
        { provide: RELAY_LOGGER, useValue: logger },
        ...relayProviders(retentionIntervalMs),
      ],
      exports: [RELAY_STATE],
    };
  }
}

function relayProviders(retentionIntervalMs: number | undefined): Provider[] {
  return [
    { provide: RelayMetrics, useFactory: () => new RelayMetrics() },
    { provide: RelayHealth, useFactory: (logger: Logger) => new RelayHealth(logger), inject: [RELAY_LOGGER] },
    {
      provide: RelayConnections,
      useFactory: (c: RelayConfig, logger: Logger) => new RelayConnections(c.DATABASE_URL, c, logger),
      inject: [RELAY_CONFIG, RELAY_LOGGER],
    },
    {
      provide: LeaderSession,
      useFactory: (c: RelayConfig, logger: Logger) => new LeaderSession(c.DATABASE_URL, logger),
      inject: [RELAY_CONFIG, RELAY_LOGGER],
    },
    { provide: KafkaPublisher, useFactory: kafkaPublisher, inject: [RELAY_CONFIG, RELAY_LOGGER] },
    {
      provide: WatermarkReporter,
      useFactory: (c: RelayConfig, connections: RelayConnections, logger: Logger) =>
        new WatermarkReporter(connections.redis, c.REDIS_KEY_PREFIX, logger),
      inject: [RELAY_CONFIG, RelayConnections, RELAY_LOGGER],
    },
    {
      provide: RelayLoop,
      useFactory: relayLoop,
      inject: [RELAY_CONFIG, LeaderSession, RelayHealth, RelayMetrics, RELAY_LOGGER, KafkaPublisher, WatermarkReporter],
    },
    {
      provide: RelayMonitor,
      useFactory: (
        c: RelayConfig,
        connections: RelayConnections,
        health: RelayHealth,
        metrics: RelayMetrics,
        leader: LeaderSession,
        loop: RelayLoop,
        watermark: WatermarkReporter,
      ) => new RelayMonitor({ pool: connections.pool, brokers: c.KAFKA_BROKERS, health, metrics, leader, loop, watermark }),
      inject: [RELAY_CONFIG, RelayConnections, RelayHealth, RelayMetrics, LeaderSession, RelayLoop, WatermarkReporter],
    },
    {
      provide: RetentionJob,
      useFactory: (c: RelayConfig, connections: RelayConnections, leader: LeaderSession, logger: Logger) =>
        new RetentionJob(connections.pool, leader, c.OUTBOX_RETENTION_HOURS, logger, retentionIntervalMs),
      inject: [RELAY_CONFIG, RelayConnections, LeaderSession, RELAY_LOGGER],
    },
    {
      provide: RELAY_STATE,
      useFactory: (health: RelayHealth, leader: LeaderSession): RelayState => ({
        health,
        role: () => (leader.isLeader ? 'leader' : 'standby'),
      }),
      inject: [RelayHealth, LeaderSession],
    },
  ];
}

function kafkaPublisher(c: RelayConfig, logger: Logger): KafkaPublisher {
  const kafka = createKafka({
    brokers: c.KAFKA_BROKERS,
    clientId: `${c.KAFKA_CLIENT_ID}-outbox-relay`,
    // kafkajs logs every internal retry at warn/error; the relay logs state changes instead.
    logger: logger.child({ component: 'kafkajs' }, { level: logger.isLevelEnabled('debug') ? 'debug' : 'fatal' }),
  });
  return new KafkaPublisher(kafka, c.KAFKA_TOPIC, c.RELAY_SEND_TIMEOUT_MS);
}

function relayLoop(
  c: RelayConfig,
  leader: LeaderSession,
  health: RelayHealth,
  metrics: RelayMetrics,
  logger: Logger,
  publisher: KafkaPublisher,
  watermark: WatermarkReporter,
): RelayLoop {
  return new RelayLoop(leader, health, metrics, logger, {
    batchSize: c.RELAY_BATCH_SIZE,
    pollIntervalMs: c.RELAY_POLL_INTERVAL_MS,
    publish: (rows) => publisher.publish(rows),
    onPublished: (rows) => watermark.published(rows),
  });
}
