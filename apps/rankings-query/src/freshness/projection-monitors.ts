import type { Client } from '@elastic/elasticsearch';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createGenerationResolver, readCacheWatermark, REDIS_PROJECTION } from '@app/cache';
import type { LoadedConfig } from '@app/config';
import { createWriteTargetResolver, readSearchWatermark } from '@app/search';
import { FreshnessMonitor, MonitoredProjection } from '@app/watermark';

export const ELASTICSEARCH_PROJECTION = 'elasticsearch';

export interface MonitorTuning {
  /** Freshness check period (1 s in production; tests may go faster). */
  monitorIntervalMs: number;
}

/**
 * The read API's view of the projections it serves. It runs no projector: it reads what
 * each store says it has applied and compares with the source, like the projector process
 * does, so /projections and /health stay truthful when the projector process is down.
 * The breaker belongs to the projector process; here it reads 'closed'.
 */
export function createProjectionMonitors(config: LoadedConfig, search: Client, redis: Redis, logger: Logger, tuning: MonitorTuning): FreshnessMonitor[] {
  const targets = createWriteTargetResolver(search, config.ELASTICSEARCH_ALIAS);
  const generations = createGenerationResolver(redis, config.REDIS_KEY_PREFIX);
  const projections: MonitoredProjection[] = [
    {
      name: ELASTICSEARCH_PROJECTION,
      readWatermark: () => readSearchWatermark(search, config.ELASTICSEARCH_ALIAS),
      isRebuilding: async () => (await targets()).building.length > 0,
      breaker: () => 'closed',
      newestReadOccurredAt: () => null,
    },
    {
      name: REDIS_PROJECTION,
      readWatermark: async () => readCacheWatermark(redis, config.REDIS_KEY_PREFIX, (await generations()).live),
      isRebuilding: async () => (await generations()).building !== null,
      breaker: () => 'closed',
      newestReadOccurredAt: () => null,
    },
  ];
  return projections.map(
    (projection) =>
      new FreshnessMonitor({
        projection,
        redis,
        redisPrefix: config.REDIS_KEY_PREFIX,
        slaMs: config.FRESHNESS_SLA_MS,
        intervalMs: tuning.monitorIntervalMs,
        readTimeoutMs: Math.min(1000, config.ELASTICSEARCH_REQUEST_TIMEOUT_MS),
        logger,
      }),
  );
}
