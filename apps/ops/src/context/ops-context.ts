import { Pool } from 'pg';
import type { Admin } from 'kafkajs';
import type { Client } from '@elastic/elasticsearch';
import type { LoadedConfig } from '@app/config';
import { prepareDatabase } from '@app/database';
import { createRedisStore, type RedisStore } from '@app/cache';
import { createSearchClient } from '@app/search';
import { createKafka } from '@app/kafka';

/**
 * JIT compilation costs about half a second per snapshot batch query and gains nothing
 * for index-driven lookups.
 */
const SESSION_OPTIONS = '-c jit=off';

/**
 * The CLI's composition root: one client per store, created on first use so a command
 * only touches (and only fails on) the stores it needs, and all closed at the end so the
 * process exits on its own.
 */
export class OpsContext {
  private pgPool?: Pool;
  private esClient?: Client;
  private redisClient?: RedisStore;
  private kafkaAdmin?: Promise<Admin>;
  private migrated?: Promise<void>;

  constructor(
    readonly config: LoadedConfig,
    /** Base URL of the query service, for `GET /projections`. */
    readonly queryUrl: string,
  ) {}

  get pool(): Pool {
    if (!this.pgPool) {
      this.pgPool = new Pool({ connectionString: this.config.DATABASE_URL, max: 4, connectionTimeoutMillis: 5000, options: SESSION_OPTIONS });
      // An idle connection killed by Postgres (restart, failover) must not crash the command:
      // the next query on it fails and the command exits with that reason.
      this.pgPool.on('error', () => undefined);
    }
    return this.pgPool;
  }

  /** Postgres with the schema migrated (the checkpoint table is ours). */
  async migratedPool(): Promise<Pool> {
    this.migrated ??= prepareDatabase(this.config.DATABASE_URL);
    await this.migrated;
    return this.pool;
  }

  get es(): Client {
    // Bulk writes of a few thousand documents take longer than a read API request.
    this.esClient ??= createSearchClient({ url: this.config.ELASTICSEARCH_URL, requestTimeoutMs: Math.max(30_000, this.config.ELASTICSEARCH_REQUEST_TIMEOUT_MS) });
    return this.esClient;
  }

  /** The read models' Redis: an ioredis Cluster when REDIS_CLUSTER_NODES is set (the commands use libs/cache, which takes either). */
  get redis(): RedisStore {
    this.redisClient ??= createRedisStore(this.config, { connectionName: 'ops', commandTimeoutMs: 10_000 });
    return this.redisClient;
  }

  /**
   * A connected Kafka admin client. One retry only: a command that reads the broker
   * (status) reports it unreachable promptly instead of retrying for seconds.
   */
  kafka(): Promise<Admin> {
    this.kafkaAdmin ??= (async () => {
      const admin = createKafka({ brokers: this.config.KAFKA_BROKERS, clientId: `${this.config.KAFKA_CLIENT_ID}-ops`, retries: 1 }).admin();
      await admin.connect();
      return admin;
    })();
    return this.kafkaAdmin;
  }

  /**
   * Closes every client, waiting at most `graceMs`: a hung store never answers a polite
   * QUIT or finishes an in-flight request, and must not keep the command from exiting.
   */
  async close(graceMs = 300): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    const kafka = this.kafkaAdmin?.then((admin) => admin.disconnect());
    await Promise.race([Promise.allSettled([this.pgPool?.end(), this.esClient?.close(), this.redisClient?.quit(), kafka]), grace]);
    clearTimeout(timer);
    this.redisClient?.disconnect();
  }
}
