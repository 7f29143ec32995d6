import type { ChainableCommander } from 'ioredis';
import { APPLIED_EVENT_TTL_MS, cacheKeys } from '../keys';

/**
 * Queues the event → division hints of a batch (see `cacheKeys.eventDivision`). Written
 * before the data in the same pipeline: a hint never says "stored", only where to look.
 */
export function queueEventDivisions(pipeline: ChainableCommander, prefix: string, batch: Array<{ divisionId: string; eventIds: string[] }>): void {
  const keys = cacheKeys(prefix);
  for (const { divisionId, eventIds } of batch) {
    for (const id of eventIds) pipeline.set(keys.eventDivision(id), divisionId, 'PX', APPLIED_EVENT_TTL_MS);
  }
}
