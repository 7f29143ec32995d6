import type { Client } from '@elastic/elasticsearch';
import type { Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { Pool } from 'pg';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import { createRedisStore, RedisStore } from '@app/cache';
import type { LoadedConfig } from '@app/config';
import { deadLetterTopic } from '@app/contracts';
import { createKafka, ensureTopics } from '@app/kafka';
import { createSearchClient, ensureRankingsIndex } from '@app/search';
import { FreshnessMonitor, SourceProgress } from '@app/watermark';
import { CoalescingStore } from './projectors/coalescing.store';
import { ElasticsearchProjectionStore } from './projectors/elasticsearch.store';
import { Projector } from './projectors/projector';
import type { ProjectionStore } from './projectors/projection-store';
import { RedisProjectionStore } from './projectors/redis.store';
import { createStorePolicy, StorePolicy } from './projectors/store-policy';

export interface EngineTuning {
  /** Freshness check period (1 s in production; tests may go faster). */
  monitorIntervalMs: number;
  /** How long an open breaker waits before probing the store again. */
  breakerHalfOpenAfterMs: number;
}

export const DEFAULT_TUNING: EngineTuning = { monitorIntervalMs: 1000, breakerHalfOpenAfterMs: 5000 };

/**
 * The projector process's work: two projectors (Elasticsearch and Redis), each with its
 * own store, consumer group, breaker and freshness monitor, and their clients. Started by
 * the Kafka batch transport (the Nest microservice), stopped with it.
 */
export class ProjectionEngine {
  readonly monitors: FreshnessMonitor[] = [];
  private readonly search: Client;
  /** waitFor markers and freshness reads; the Redis store writes on its own connection. */
  private readonly redis: RedisStore;
  private readonly redisWriter: RedisStore;
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly projectors: Projector[] = [];
  private readonly stores: ProjectionStore[];
  /** Freshness reads the sources of record: the outbox in Postgres, offsets in Kafka. */
  private readonly pool: Pool;
  private readonly sources: SourceProgress;
  private stopping = false;

  constructor(
    private readonly config: LoadedConfig,
    private readonly logger: Logger,
    tuning: EngineTuning = DEFAULT_TUNING,
  ) {
    this.search = createSearchClient({ url: config.ELASTICSEARCH_URL, requestTimeoutMs: config.ELASTICSEARCH_REQUEST_TIMEOUT_MS });
    this.redis = createRedisStore(config, { connectionName: 'rankings-projector' });
    this.redisWriter = createRedisStore(config, { connectionName: 'rankings-projector-writer' });
    this.kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-projector`, logger });
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
    this.pool = new Pool({ connectionString: config.DATABASE_URL, max: 2, connectionTimeoutMillis: 3000 });
    this.pool.on('error', (error) => logger.debug({ err: error }, 'idle Postgres connection failed')); // freshness reports it
    this.sources = new SourceProgress(config.KAFKA_BROKERS, `${config.KAFKA_CLIENT_ID}-projector-freshness`, this.pool, config.KAFKA_TOPIC);
    const prefix = config.REDIS_KEY_PREFIX;
    const stores: ProjectionStore[] = [
      new ElasticsearchProjectionStore(this.search, config.ELASTICSEARCH_ALIAS, this.redis, prefix, logger),
      new RedisProjectionStore(this.redisWriter, prefix),
    ];
    for (const store of stores) this.addProjector(store, tuning);
    this.stores = stores;
  }

  private addProjector(store: ProjectionStore, tuning: EngineTuning): void {
    const { config, logger } = this;
    const policy: StorePolicy = createStorePolicy({ halfOpenAfterMs: tuning.breakerHalfOpenAfterMs, failuresToOpen: 3 });
    policy.onStateChange((state) => logger.warn({ projection: store.name, breaker: state }, 'projection store breaker changed state'));
    // The partitions of one fetch are written together (see CoalescingStore).
    const coalesced = new CoalescingStore(store);
    const projector = new Projector({ kafka: this.kafka, producer: this.producer, topic: config.KAFKA_TOPIC, store: coalesced, policy, logger });
    this.projectors.push(projector);
    this.monitors.push(
      new FreshnessMonitor({
        projection: {
          name: store.name,
          groupId: projector.groupId,
          readWatermark: () => store.readWatermark(),
          isRebuilding: () => store.isRebuilding(),
          breaker: () => policy.state(),
          heldSince: () => projector.heldSince(),
        },
        sources: this.sources,
        slaMs: config.FRESHNESS_SLA_MS,
        intervalMs: tuning.monitorIntervalMs,
        readTimeoutMs: Math.min(1000, config.ELASTICSEARCH_REQUEST_TIMEOUT_MS),
        logger,
      }),
    );
  }

  /**
   * Starts the monitors, then connects to Kafka, retrying with backoff for as long as it
   * takes: a broker that is down at start-up delays the projectors (freshness shows it)
   * but never crashes the process.
   */
  async start(): Promise<void> {
    // Best effort: if Elasticsearch is down now, the projector creates the index on its first write.
    await ensureRankingsIndex(this.search, this.config.ELASTICSEARCH_ALIAS).catch((error: unknown) =>
      this.logger.warn({ err: error }, 'could not prepare the rankings index yet'),
    );
    // A stop that came while the index was being prepared has stopped the monitors already.
    if (this.stopping) return;
    this.monitors.forEach((m) => m.start());
    let warned = false;
    const connect = retry(handleAll, { maxAttempts: Infinity, backoff: new ExponentialBackoff({ initialDelay: 200, maxDelay: 5000 }) });
    connect.onRetry(({ delay, ...reason }) => {
      if (warned) return;
      warned = true;
      this.logger.warn({ err: 'error' in reason ? reason.error : undefined, delay }, 'Kafka not reachable yet; projectors will start when it is');
    });
    await connect.execute(async () => {
      if (this.stopping) return;
      await this.connectKafka();
    });
    if (warned && !this.stopping) this.logger.info('connected to Kafka; projectors started');
  }

  private async connectKafka(): Promise<void> {
    const topic = this.config.KAFKA_TOPIC;
    await ensureTopics(this.kafka, [topic, deadLetterTopic(topic)]);
    await this.producer.connect();
    // A stop that came while connecting has already disconnected the producer: undo this connect.
    if (this.stopping) return void (await this.producer.disconnect().catch(() => undefined));
    await Promise.all(this.projectors.map((p) => p.start()));
  }

  /** Stops everything it can; a dependency that is already gone must not fail the shutdown. */
  async stop(): Promise<void> {
    this.stopping = true;
    const steps: Array<[string, () => Promise<unknown>]> = [
      ['projectors', () => Promise.all(this.projectors.map((p) => p.stop()))],
      ['stores', () => Promise.all(this.stores.map(async (s) => s.stop?.()))],
      ['monitors', () => Promise.all(this.monitors.map((m) => m.stop()))],
      ['dead-letter producer', () => this.producer.disconnect()],
      ['freshness sources', () => this.sources.close()],
      ['postgres pool', () => this.pool.end()],
      ['elasticsearch client', () => this.search.close()],
    ];
    for (const [what, step] of steps) {
      await step().catch((error: unknown) => this.logger.warn({ err: error }, `could not stop ${what} cleanly`));
    }
    this.redis.disconnect();
    this.redisWriter.disconnect();
  }
}
