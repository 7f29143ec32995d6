import type { RedisStore } from './redis-client';
import { cacheKeys } from './keys';

export interface StoredWatermark {
  /** occurredAt (ms) of the newest event whose effect is stored; null if none yet. */
  newestOccurredAt: number | null;
  /** When the projector last stored a batch (ms); null if never. */
  appliedAt: number | null;
}

/** The watermark stored in a generation by the same transactions that store its data. */
export async function readCacheWatermark(redis: RedisStore, prefix: string, gen: string): Promise<StoredWatermark> {
  const raw = await redis.hmget(cacheKeys(prefix).projectionState(gen), 'newestOccurredAt', 'appliedAt');
  const num = (v: string | null) => (v && Number(v) > 0 ? Number(v) : null);
  return { newestOccurredAt: num(raw[0]), appliedAt: num(raw[1]) };
}
