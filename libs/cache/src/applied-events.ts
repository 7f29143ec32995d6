import type { Redis } from 'ioredis';
import { cacheKeys } from './keys';
import { APPLIED_EVENT_TTL_SECONDS } from './write-generations';

/**
 * Read-your-own-writes markers: "projection P has stored event E", shared by every query
 * instance through Redis and kept for APPLIED_EVENT_TTL_SECONDS. The Redis projector
 * writes its own in its data transaction; other projectors call this after their store
 * acknowledged (and made visible) the batch.
 */
export async function markEventsApplied(redis: Redis, prefix: string, projection: string, eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  const keys = cacheKeys(prefix);
  const pipeline = redis.pipeline();
  for (const id of eventIds) pipeline.set(keys.appliedEvent(projection, id), '1', 'EX', APPLIED_EVENT_TTL_SECONDS);
  const replies = (await pipeline.exec()) ?? [];
  for (const [error] of replies) if (error) throw error;
}

export async function hasAppliedEvent(redis: Redis, prefix: string, projection: string, eventId: string): Promise<boolean> {
  return (await redis.exists(cacheKeys(prefix).appliedEvent(projection, eventId))) === 1;
}
