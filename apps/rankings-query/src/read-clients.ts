import { Client } from '@elastic/elasticsearch';
import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { createRedisStore, type RedisStore } from '@app/cache';
import { CONFIG, type LoadedConfig } from '@app/config';
import { createKafka } from '@app/kafka';
import { createSearchClient } from '@app/search';

/** The read models' Redis: a client, or an ioredis Cluster with REDIS_CLUSTER_NODES (typed as either). */
export const REDIS_STORE = Symbol('RedisStore');

/**
 * The read API's clients, injected by their class (Redis by REDIS_STORE): Elasticsearch for search and rankings
 * pages, Redis for the hot reads and waitFor; Kafka offsets and the Postgres outbox for
 * the projections' freshness (read from the sources of record, never from a cache).
 */
export const readClientProviders: Provider[] = [
  {
    provide: Client,
    useFactory: (config: LoadedConfig) =>
      createSearchClient({ url: config.ELASTICSEARCH_URL, requestTimeoutMs: config.ELASTICSEARCH_REQUEST_TIMEOUT_MS }),
    inject: [CONFIG],
  },
  // Auto-pipelined: the hot reads are one command each, and under load many arrive in one
  // event-loop turn; they then reach Redis in one write instead of one syscall each.
  {
    provide: REDIS_STORE,
    useFactory: (config: LoadedConfig) => createRedisStore(config, { connectionName: 'rankings-query', autoPipelining: true }),
    inject: [CONFIG],
  },
  { provide: Kafka, useFactory: (config: LoadedConfig) => createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-query` }), inject: [CONFIG] },
  {
    provide: Pool,
    useFactory: (config: LoadedConfig) => {
      const pool = new Pool({ connectionString: config.DATABASE_URL, max: 2, connectionTimeoutMillis: 3000 });
      pool.on('error', () => undefined); // an idle connection lost; the next freshness read reports it
      return pool;
    },
    inject: [CONFIG],
  },
];

/** Closes the clients when the application shuts down. */
@Injectable()
export class ReadClientsShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(Client) private readonly search: Client,
    @Inject(REDIS_STORE) private readonly redis: RedisStore,
    @Inject(Pool) private readonly pool: Pool,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.search.close().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
    this.redis.disconnect();
  }
}
