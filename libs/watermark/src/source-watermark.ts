import type { Cluster, Redis } from 'ioredis';

/** A single node or a Cluster: the key is one slot either way. */
type RedisNodeOrCluster = Redis | Cluster;

/**
 * What the relay knows about the source side of the pipe, published for the projectors'
 * freshness monitors. The heartbeat tells an idle source (nothing new, relay alive) from
 * a silent one.
 *
 * It is written by the relay, so it cannot report the relay's own death: a dead relay
 * leaves the last watermark in place and freshness computed against it reads 0. The
 * source's truth is `readOutboxBacklog` (`@app/database`): the events committed in
 * Postgres and not yet acknowledged by Kafka, and the age of the oldest of them, read from
 * Postgres whether the relay runs or not. Freshness must include that age.
 */
export interface SourceWatermark {
  /** occurredAt (ms) of the newest event the relay has published to Kafka; null if none yet. */
  newestPublishedOccurredAt: number | null;
  /** When the relay last confirmed this state (ms). */
  heartbeatAt: number;
}

const KEY = 'source-watermark';

export async function writeSourceWatermark(redis: RedisNodeOrCluster, prefix: string, watermark: SourceWatermark): Promise<void> {
  // Only ever moves forward: two relay instances (or a restarted one) never pull it back.
  await redis.eval(
    `local cur = tonumber(redis.call('HGET', KEYS[1], 'newest') or '0')
     local new = tonumber(ARGV[1])
     if new > cur then redis.call('HSET', KEYS[1], 'newest', ARGV[1]) end
     redis.call('HSET', KEYS[1], 'heartbeat', ARGV[2])
     return 1`,
    1,
    `${prefix}${KEY}`,
    String(watermark.newestPublishedOccurredAt ?? 0),
    String(watermark.heartbeatAt),
  );
}

export async function readSourceWatermark(redis: RedisNodeOrCluster, prefix: string): Promise<SourceWatermark | null> {
  const raw = await redis.hgetall(`${prefix}${KEY}`);
  if (!raw.heartbeat) return null;
  const newest = Number(raw.newest ?? 0);
  return { newestPublishedOccurredAt: newest > 0 ? newest : null, heartbeatAt: Number(raw.heartbeat) };
}
