import { Cluster, Command, Redis } from 'ioredis';

/**
 * Where the read models live: one Redis node (the default) or a Redis Cluster. Every
 * function of this lib takes either: a script's keys share one division's hash tag (one
 * slot), and a batch that spans slots is split by node (see `execBatch`).
 */
export type RedisStore = Redis | Cluster;

export interface RedisClientOptions {
  /** A command that gets no answer within this time fails instead of hanging its caller. */
  commandTimeoutMs?: number;
  /** For logs and CLIENT LIST. */
  connectionName?: string;
  /**
   * Sends the commands issued in one event-loop turn as one write (ioredis
   * enableAutoPipelining): a read server under load issues one command per request, and
   * writing each to the socket on its own cost more CPU than the rest of the request.
   */
  autoPipelining?: boolean;
}

/** How a service reaches its read models (REDIS_URL, or REDIS_CLUSTER_NODES when set). */
export interface RedisTarget {
  REDIS_URL: string;
  /** Seed nodes `host:port` of a Redis Cluster; empty or absent: the single node at REDIS_URL. */
  REDIS_CLUSTER_NODES?: string[];
}

/**
 * An ioredis client that fails fast: commands time out, and while disconnected they fail
 * after one reconnect attempt instead of queueing without bound, so a projector's breaker
 * sees the outage and the read API answers 503 rather than hanging.
 */
export function createRedisClient(url: string, { commandTimeoutMs = 2000, connectionName, autoPipelining = false }: RedisClientOptions = {}): Redis {
  return new Redis(url, {
    enableAutoPipelining: autoPipelining,
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest: 1,
    connectionName,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(50 * attempt, 1000),
  });
}

/** The same fail-fast client for a Redis Cluster, from its seed nodes (`host:port`). */
export function createRedisClusterClient(nodes: string[], { commandTimeoutMs = 2000, connectionName, autoPipelining = false }: RedisClientOptions = {}): Cluster {
  const seeds = nodes.map((node) => {
    const at = node.lastIndexOf(':');
    return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
  });
  return new Cluster(seeds, {
    redisOptions: { commandTimeout: commandTimeoutMs, maxRetriesPerRequest: 1, connectionName },
    clusterRetryStrategy: (attempt) => Math.min(50 * attempt, 1000),
    enableAutoPipelining: autoPipelining,
    lazyConnect: false,
  });
}

/** A cluster client when the target names cluster nodes, else a single-node client. */
export function createRedisStore(target: RedisTarget, options: RedisClientOptions = {}): RedisStore {
  const nodes = target.REDIS_CLUSTER_NODES ?? [];
  return nodes.length > 0 ? createRedisClusterClient(nodes, options) : createRedisClient(target.REDIS_URL, options);
}

export function isCluster(redis: RedisStore): redis is Cluster {
  return redis.isCluster;
}

/** Every node holding data: a SCAN or a SCRIPT LOAD must reach each of them. */
export function dataNodes(redis: RedisStore): Redis[] {
  return isCluster(redis) ? redis.nodes('master') : [redis];
}

/** The cluster hash slot of a key (the same CRC16 ioredis routes by). */
export function slotOf(key: string): number {
  return new Command('get', [key]).getSlot() as number;
}
