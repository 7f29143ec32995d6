import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { Client, Pool } from 'pg';
import { prepareDatabase } from '@app/database';
import { standInNodeOptions } from '@app/embedded-elasticsearch';
import { freePort } from '@app/ports';
import type { Cleanup } from './cleanup';
import { entryPoints } from './paths';
import { HARNESS_APPLICATION_NAME } from './pg-activity-sampler';
import { ServiceProcess } from './service-process';

export const BENCH_API_KEY = 'bench-key';

export interface StackOptions {
  /** Admin connection to the Postgres server the bench databases are created on. */
  postgresUrl: string;
  redisUrl: string;
  /** Preload the profiler into these services (names as in `ServiceName`). */
  profile: ServiceName[];
}

export type ServiceName = 'command' | 'relay' | 'query' | 'projector' | 'kafka' | 'elasticsearch';

/**
 * Everything one scenario run owns, all named after one run id so nothing is shared with
 * a dev stack, a test or another run: database `rankings_bench_<id>`, topic, alias and
 * Redis prefix. Every start registers its undo with the cleanup.
 */
export class BenchStack {
  readonly runId = randomBytes(4).toString('hex');
  readonly database = `rankings_bench_${this.runId}`;
  readonly databaseUrl: string;
  readonly topic = `bench-${this.runId}`;
  readonly alias = `bench-${this.runId}`;
  readonly redisPrefix = `bench:${this.runId}:`;
  readonly workDir = mkdtempSync(path.join(os.tmpdir(), `rankings-bench-${this.runId}-`));
  private readonly env: NodeJS.ProcessEnv;
  private readonly services = new Map<ServiceName, ServiceProcess>();
  private pgPool: Pool | null = null;
  private redisClient: Redis | null = null;
  readonly ports: Record<ServiceName, number> = { command: 0, relay: 0, query: 0, projector: 0, kafka: 0, elasticsearch: 0 };

  constructor(
    private readonly options: StackOptions,
    private readonly cleanup: Cleanup,
    private readonly log: (message: string) => void,
  ) {
    const url = new URL(options.postgresUrl);
    url.pathname = `/${this.database}`;
    this.databaseUrl = url.toString();
    this.env = {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: this.databaseUrl,
      KAFKA_TOPIC: this.topic,
      ELASTICSEARCH_ALIAS: this.alias,
      REDIS_URL: options.redisUrl,
      REDIS_KEY_PREFIX: this.redisPrefix,
      API_KEYS: `${BENCH_API_KEY}:write+admin`,
      FRESHNESS_SLA_MS: '60000',
    };
    // Registered first so it runs last, after every service that writes under the prefix
    // (relay heartbeat, projectors) has stopped.
    this.cleanup.add('delete the run’s Redis keys', () => this.deleteRedisKeys());
  }

  private async deleteRedisKeys(): Promise<void> {
    this.redisClient?.disconnect();
    this.redisClient = null;
    const client = new Redis(this.options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
    try {
      await client.connect();
      await deleteKeys(client, `${this.redisPrefix}*`);
    } finally {
      client.disconnect();
    }
  }

  /** Creates and migrates the run's database; dropped (forcibly) at cleanup. */
  async createDatabase(): Promise<void> {
    this.cleanup.add(`drop database ${this.database}`, () => this.dropDatabase());
    await prepareDatabase(this.databaseUrl);
  }

  private async dropDatabase(): Promise<void> {
    await this.pgPool?.end();
    this.pgPool = null;
    const admin = new Client({ connectionString: this.options.postgresUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }

  /** A pool on the run's database for seeding and probes. */
  pool(): Pool {
    if (!this.pgPool)
      this.pgPool = new Pool({ connectionString: this.databaseUrl, max: 8, application_name: HARNESS_APPLICATION_NAME });
    return this.pgPool;
  }

  /** A Redis client; the run's keys (its prefix) are deleted at cleanup. */
  redis(): Redis {
    this.redisClient ??= new Redis(this.options.redisUrl, { maxRetriesPerRequest: 2 });
    return this.redisClient;
  }

  environment(): NodeJS.ProcessEnv {
    return { ...this.env };
  }

  url(service: 'command' | 'relay' | 'query' | 'projector', pathAndQuery = ''): string {
    return `http://127.0.0.1:${this.ports[service]}${pathAndQuery}`;
  }

  service(name: ServiceName): ServiceProcess {
    const found = this.services.get(name);
    if (!found) throw new Error(`${name} was not started in this run`);
    return found;
  }

  async startKafka(): Promise<void> {
    const port = await this.allocate('kafka');
    this.env.EMBEDDED_KAFKA_PORT = String(port);
    this.env.KAFKA_BROKERS = `127.0.0.1:${port}`;
    delete this.env.EMBEDDED_KAFKA_DATA_DIR;
    await this.start('kafka', 'embedded-kafka', entryPoints.kafka, { port });
  }

  async startElasticsearch(): Promise<void> {
    const port = await this.allocate('elasticsearch');
    this.env.EMBEDDED_ES_PORT = String(port);
    this.env.ELASTICSEARCH_URL = `http://127.0.0.1:${port}`;
    delete this.env.EMBEDDED_ES_DATA_DIR;
    await this.start('elasticsearch', 'embedded-elasticsearch', entryPoints.elasticsearch, { port }, { NODE_OPTIONS: standInNodeOptions(this.env.NODE_OPTIONS) });
  }

  async startCommand(): Promise<void> {
    const port = await this.allocate('command');
    this.env.COMMAND_PORT = String(port);
    await this.start('command', 'match-command', entryPoints.command, { url: this.url('command', '/health/ready') });
  }

  async startRelay(): Promise<void> {
    const port = await this.allocate('relay');
    this.env.RELAY_PORT = String(port);
    await this.start('relay', 'outbox-relay', entryPoints.relay, { url: this.url('relay', '/health/ready') });
  }

  /** The read API and the projector process that fills its stores (a read API alone serves nothing new). */
  async startQuery(): Promise<void> {
    await this.startProjector();
    const port = await this.allocate('query');
    this.env.QUERY_PORT = String(port);
    await this.start('query', 'rankings-query', entryPoints.query, { url: this.url('query', '/health/ready') });
  }

  async startProjector(): Promise<void> {
    const port = await this.allocate('projector');
    this.env.PROJECTOR_PORT = String(port);
    await this.start('projector', 'rankings-projector', entryPoints.projector, { url: this.url('projector', '/health') });
  }

  private async allocate(name: ServiceName): Promise<number> {
    this.ports[name] = await freePort();
    return this.ports[name];
  }

  private async start(
    name: ServiceName,
    label: string,
    entry: string,
    ready: { url: string } | { port: number },
    ownEnv: Record<string, string> = {},
  ): Promise<void> {
    this.log(`  starting ${label}...`);
    const profileFile = this.options.profile.includes(name) ? path.join(this.workDir, `${label}.cpuprofile`) : undefined;
    const service = await ServiceProcess.start(
      { name: label, entry, env: { ...this.environment(), ...ownEnv }, ready, profileFile },
      { cleanup: this.cleanup, logDir: this.workDir, log: this.log },
    );
    this.services.set(name, service);
  }
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  for (let i = 0; i < 100_000; i++) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
    if (cursor === '0') return;
  }
}
