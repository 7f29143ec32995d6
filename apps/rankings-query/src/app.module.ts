import { Client } from '@elastic/elasticsearch';
import { DynamicModule, Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { CONFIG, ConfigModule, type LoadedConfig } from '@app/config';
import { HealthProbesModule, loggerModule, MetricsController } from '@app/observability';
import type { FreshnessMonitor } from '@app/watermark';
import type { RedisStore } from '@app/cache';
import type { MonitorTuning } from './freshness/projection-monitors';
import { PROJECTION_MONITORS, ProjectionFreshness } from './freshness/projection-freshness';
import { ProjectionsController } from './health/projections.controller';
import { queryHealthProbes } from './health/query-health';
import { LeaderboardStreamController } from './leaderboard-stream/leaderboard-stream.controller';
import { leaderboardHubProvider } from './leaderboard-stream/leaderboard-stream.providers';
import { RankingsPageController } from './rankings-page/rankings-page.controller';
import { DivisionsController } from './read-api/divisions.controller';
import { EventWaitersService } from './read-api/event-waiters.provider';
import { ReadAnswers } from './read-api/read-answers';
import { RankingsController } from './read-api/rankings.controller';
import { RedisViews } from './read-api/redis-views';
import { WaitForEvent } from './read-api/wait-for';
import { ReadSideModule } from './read-side.module';
import { ReadLaneEntry, readLaneProviders } from './read-lane/read-lane';
import { RuntimeStatusSources } from './status/status-sources';
import { STATUS_SOURCES, StatusController } from './status/status.controller';
import { REDIS_STORE } from './read-clients';

/**
 * The read API: controllers over Elasticsearch and Redis (their hot reads also answered by
 * the read lane), the page, the stream, and the projections' freshness.
 */
@Module({})
export class AppModule {
  static forRoot(config: LoadedConfig, logger: Logger, tuning: MonitorTuning, lane: ReadLaneEntry): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule(logger),
        ReadSideModule.forRoot(logger, tuning),
        HealthProbesModule.forRoot({
          inject: [REDIS_STORE, Client, PROJECTION_MONITORS, CONFIG],
          useFactory: (redis: RedisStore, search: Client, monitors: FreshnessMonitor[], cfg: LoadedConfig) =>
            queryHealthProbes(redis, search, monitors, cfg.FRESHNESS_SLA_MS),
        }),
      ],
      controllers: [
        RankingsController,
        DivisionsController,
        LeaderboardStreamController,
        ProjectionsController,
        MetricsController,
        RankingsPageController,
        StatusController,
      ],
      providers: [
        RedisViews,
        ReadAnswers,
        ...readLaneProviders(lane, logger),
        EventWaitersService,
        WaitForEvent,
        leaderboardHubProvider(logger),
        {
          provide: STATUS_SOURCES,
          useFactory: (cfg: LoadedConfig, redis: RedisStore, pool: Pool, kafka: Kafka, freshness: ProjectionFreshness) =>
            new RuntimeStatusSources(cfg, redis, pool, kafka, freshness),
          inject: [CONFIG, REDIS_STORE, Pool, Kafka, ProjectionFreshness],
        },
      ],
    };
  }
}
