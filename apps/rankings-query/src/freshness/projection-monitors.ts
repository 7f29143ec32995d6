import type { Client } from '@elastic/elasticsearch';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { createGenerationResolver, readCacheWatermark, REDIS_PROJECTION, type RedisStore } from '@app/cache';
import type { LoadedConfig } from '@app/config';
import { projectorGroupId } from '@app/kafka';
import { createWriteTargetResolver, ELASTICSEARCH_PROJECTION, readSearchWatermark } from '@app/search';
import { FreshnessMonitor, MonitoredProjection, SourceProgress } from '@app/watermark';

export interface MonitorTuning {
  /** Freshness check period (1 s in production; tests may go faster). */
  monitorIntervalMs: number;
}

/**
 * The read API's view of the projections it serves. It runs no projector: it reads what
 * each store says it has applied and compares with the source, like the projector process
 * does, so /projections and /health stay truthful when the projector process is down.
 * The breaker belongs to the projector process; here it reads 'closed'. Without the
 * projector's in-flight knowledge, a pending message is dated by when it was first seen.
 */
export interface MonitorSources {
  search: Client;
  redis: RedisStore;
  pool: Pool;
}

export function createProjectionMonitors(config: LoadedConfig, clients: MonitorSources, logger: Logger, tuning: MonitorTuning): FreshnessMonitor[] {
  const { search, redis } = clients;
  const sources = new SourceProgress(config.KAFKA_BROKERS, `${config.KAFKA_CLIENT_ID}-query-freshness`, clients.pool, config.KAFKA_TOPIC);
  const targets = createWriteTargetResolver(search, config.ELASTICSEARCH_ALIAS);
  const generations = createGenerationResolver(redis, config.REDIS_KEY_PREFIX);
  const projections: MonitoredProjection[] = [
    {
      name: ELASTICSEARCH_PROJECTION,
      readWatermark: () => readSearchWatermark(search, config.ELASTICSEARCH_ALIAS),
      isRebuilding: async () => (await targets()).building.length > 0,
      groupId: projectorGroupId(config.KAFKA_TOPIC, ELASTICSEARCH_PROJECTION),
      breaker: () => 'closed',
      heldSince: () => new Map(),
    },
    {
      name: REDIS_PROJECTION,
      readWatermark: async () => readCacheWatermark(redis, config.REDIS_KEY_PREFIX, (await generations()).live),
      isRebuilding: async () => (await generations()).building !== null,
      groupId: projectorGroupId(config.KAFKA_TOPIC, REDIS_PROJECTION),
      breaker: () => 'closed',
      heldSince: () => new Map(),
    },
  ];
  return projections.map(
    (projection) =>
      new FreshnessMonitor({
        projection,
        sources,
        slaMs: config.FRESHNESS_SLA_MS,
        intervalMs: tuning.monitorIntervalMs,
        readTimeoutMs: Math.min(1000, config.ELASTICSEARCH_REQUEST_TIMEOUT_MS),
        logger,
      }),
  );
}
