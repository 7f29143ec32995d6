import type { RedisBatch } from '../redis-batch';
import { APPLIED_EVENT_TTL_MS, cacheKeys } from '../keys';

/**
 * Queues the event → division hints of a batch (see `cacheKeys.eventDivision`). Written
 * before the data in the same pipeline: a hint never says "stored", only where to look.
 */
export function queueEventDivisions(batch: RedisBatch, prefix: string, divisions: Array<{ divisionId: string; eventIds: string[] }>): void {
  const keys = cacheKeys(prefix);
  for (const { divisionId, eventIds } of divisions) {
    for (const id of eventIds) {
      const key = keys.eventDivision(id);
      batch.add(key, (p) => p.set(key, divisionId, 'PX', APPLIED_EVENT_TTL_MS));
    }
  }
}
