import Redis from 'ioredis';

export interface RedisClientOptions {
  /** A command that gets no answer within this time fails instead of hanging its caller. */
  commandTimeoutMs?: number;
  /** For logs and CLIENT LIST. */
  connectionName?: string;
}

/**
 * An ioredis client that fails fast: commands time out, and while disconnected they fail
 * after one reconnect attempt instead of queueing without bound, so a projector's breaker
 * sees the outage and the read API answers 503 rather than hanging.
 */
export function createRedisClient(url: string, { commandTimeoutMs = 2000, connectionName }: RedisClientOptions = {}): Redis {
  return new Redis(url, {
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest: 1,
    connectionName,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(50 * attempt, 1000),
  });
}
