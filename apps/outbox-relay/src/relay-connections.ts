import type { OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import type { Logger } from '@app/observability';

/**
 * The relay's shared connections: a small Postgres pool for the monitor and retention
 * (the publishing loop has its own leader session) and Redis for the source watermark.
 * Closed last, after every job using them stopped.
 */
export class RelayConnections implements OnApplicationShutdown {
  readonly pool: Pool;
  readonly redis: Redis;

  constructor(databaseUrl: string, redisUrl: string, logger: Logger) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 2, connectionTimeoutMillis: 3000 });
    this.pool.on('error', (error) => logger.debug({ err: error }, 'idle Postgres connection failed')); // the monitor reports it
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: false });
    this.redis.on('error', (error) => logger.debug({ err: error }, 'Redis connection error')); // the reporter logs state changes
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.pool.end(), this.redis.quit()]);
  }
}
