import { Client } from '@elastic/elasticsearch';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { CONFIG, type LoadedConfig } from '@app/config';
import type { RedisStore } from '@app/cache';
import { createProjectionMonitors, MonitorTuning } from './freshness/projection-monitors';
import { PROJECTION_MONITORS, ProjectionFreshness } from './freshness/projection-freshness';
import { readClientProviders, ReadClientsShutdown, REDIS_STORE } from './read-clients';

/**
 * The read side's clients and the projections' freshness monitors, global so the health
 * probes module (a module of its own) can check the same clients and monitors the read API uses.
 */
@Global()
@Module({})
export class ReadSideModule {
  static forRoot(logger: Logger, tuning: MonitorTuning): DynamicModule {
    return {
      module: ReadSideModule,
      providers: [
        ...readClientProviders,
        ReadClientsShutdown,
        {
          provide: PROJECTION_MONITORS,
          useFactory: (cfg: LoadedConfig, search: Client, redis: RedisStore, pool: Pool) =>
            createProjectionMonitors(cfg, { search, redis, pool }, logger, tuning),
          inject: [CONFIG, Client, REDIS_STORE, Pool],
        },
        ProjectionFreshness,
      ],
      exports: [Client, REDIS_STORE, Kafka, Pool, PROJECTION_MONITORS, ProjectionFreshness],
    };
  }
}
