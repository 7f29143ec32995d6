import { Client } from '@elastic/elasticsearch';
import { DynamicModule, Module } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { CONFIG, ConfigModule, type LoadedConfig } from '@app/config';
import { loggerModule, MetricsController } from '@app/observability';
import { createProjectionMonitors, MonitorTuning } from './freshness/projection-monitors';
import { PROJECTION_MONITORS, ProjectionFreshness } from './freshness/projection-freshness';
import { HealthController } from './health/health.controller';
import { readClientProviders, ReadClientsShutdown } from './read-clients';
import { DivisionsController } from './read-api/divisions.controller';
import { RankingsController } from './read-api/rankings.controller';
import { EventWaitersService } from './read-api/event-waiters.provider';
import { RedisViews } from './read-api/redis-views';
import { WaitForEvent } from './read-api/wait-for';
import { RuntimeStatusSources } from './status/status-sources';
import { STATUS_SOURCES, StatusController } from './status/status.controller';

/** The read API: controllers over Elasticsearch and Redis, and the projections' freshness. */
@Module({})
export class AppModule {
  static forRoot(config: LoadedConfig, logger: Logger, tuning: MonitorTuning): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), loggerModule(logger)],
      controllers: [RankingsController, DivisionsController, HealthController, MetricsController, StatusController],
      providers: [
        ...readClientProviders,
        ReadClientsShutdown,
        {
          provide: PROJECTION_MONITORS,
          useFactory: (cfg: LoadedConfig, search: Client, redis: Redis, kafka: Kafka, pool: Pool) =>
            createProjectionMonitors(cfg, { search, redis, kafka, pool }, logger, tuning),
          inject: [CONFIG, Client, Redis, Kafka, Pool],
        },
        ProjectionFreshness,
        RedisViews,
        EventWaitersService,
        WaitForEvent,
        {
          provide: STATUS_SOURCES,
          useFactory: (cfg: LoadedConfig, redis: Redis, pool: Pool, kafka: Kafka, freshness: ProjectionFreshness) =>
            new RuntimeStatusSources(cfg, redis, pool, kafka, freshness),
          inject: [CONFIG, Redis, Pool, Kafka, ProjectionFreshness],
        },
      ],
    };
  }
}
