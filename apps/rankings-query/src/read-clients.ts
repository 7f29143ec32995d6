import { Client } from '@elastic/elasticsearch';
import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createRedisClient } from '@app/cache';
import { CONFIG, type LoadedConfig } from '@app/config';
import { createSearchClient } from '@app/search';

/**
 * The read API's two store clients, injected by their class: Elasticsearch for search
 * and rankings pages, Redis for the hot reads, waitFor and freshness.
 */
export const readClientProviders: Provider[] = [
  {
    provide: Client,
    useFactory: (config: LoadedConfig) =>
      createSearchClient({ url: config.ELASTICSEARCH_URL, requestTimeoutMs: config.ELASTICSEARCH_REQUEST_TIMEOUT_MS }),
    inject: [CONFIG],
  },
  { provide: Redis, useFactory: (config: LoadedConfig) => createRedisClient(config.REDIS_URL, { connectionName: 'rankings-query' }), inject: [CONFIG] },
];

/** Closes the clients when the application shuts down. */
@Injectable()
export class ReadClientsShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(Client) private readonly search: Client,
    @Inject(Redis) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.search.close().catch(() => undefined);
    this.redis.disconnect();
  }
}
