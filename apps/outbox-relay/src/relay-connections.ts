import type { OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { createRedisStore, type RedisStore, type RedisTarget } from '@app/cache';
import type { Logger } from '@app/observability';

/**
 * The relay's shared connections: a small Postgres pool for the monitor and retention
 * (the publishing loop has its own leader session) and Redis for the source watermark: the
 * read models' Redis, a Cluster when REDIS_CLUSTER_NODES is set, where the freshness monitors read it.
 * Closed last, after every job using them stopped.
 */
export class RelayConnections implements OnApplicationShutdown {
  readonly pool: Pool;
  readonly redis: RedisStore;

  constructor(databaseUrl: string, redis: RedisTarget, logger: Logger) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 2, connectionTimeoutMillis: 3000 });
    this.pool.on('error', (error) => logger.debug({ err: error }, 'idle Postgres connection failed')); // the monitor reports it
    this.redis = createRedisStore(redis, { connectionName: 'outbox-relay' });
    this.redis.on('error', (error) => logger.debug({ err: error }, 'Redis connection error')); // the reporter logs state changes
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.pool.end(), this.redis.quit()]);
  }
}
