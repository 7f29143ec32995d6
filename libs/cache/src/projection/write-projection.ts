import type { RedisStore } from '../redis-client';
import { APPLIED_EVENT_TTL_MS, applyScriptKeys, cacheKeys } from '../keys';
import { APPLY_DIVISION_LUA } from '../lua/apply-division.lua';
import { LuaScript } from '../lua/script';
import { execBatch } from '../redis-batch';
import { queueEventDivisions } from '../applied/event-divisions';
import { appliedChannel, leaderboardChangedChannel } from '../applied/channels';
import { athleteDivisionsOf, DivisionChanges } from './division-changes';

export const REDIS_PROJECTION = 'redis';

export const applyDivisionScript = new LuaScript('apply-division', APPLY_DIVISION_LUA);

const WATERMARK_LUA = `
local cur = tonumber(redis.call('HGET', KEYS[1], 'newestOccurredAt') or '0')
if tonumber(ARGV[1]) > cur then redis.call('HSET', KEYS[1], 'newestOccurredAt', ARGV[1]) end
redis.call('HSET', KEYS[1], 'appliedAt', ARGV[2])
return 1`;
export const watermarkScript = new LuaScript('watermark', WATERMARK_LUA);

export interface ProjectionWrite {
  /** Generations to write: the live one first (markers and notifications go with it). */
  generations: string[];
  changes: DivisionChanges[];
  /** Newest occurredAt (ms) this write makes stored; omitted by snapshot writes. */
  newestOccurredAt?: number | null;
}

/**
 * One round trip per batch: the athlete → division index, then one apply script per
 * division and generation, then the watermark, all in one pipeline. Nothing is read first:
 * the scripts merge into what the store holds. On one Redis node the pipeline runs in
 * order, so the watermark is never ahead of the data it describes. On a cluster each
 * script stays in its division's slot and the batch is split by node, in three steps
 * (index and hints, data, watermark) so that order still holds.
 */
export async function writeProjection(redis: RedisStore, prefix: string, write: ProjectionWrite): Promise<void> {
  const keys = cacheKeys(prefix);
  const now = Date.now();
  const index = athleteDivisionsOf(write.changes);
  await execBatch(redis, [applyDivisionScript, watermarkScript], (batch) => {
    if (index.size > 0) batch.add(keys.athleteDivisions, (p) => p.hset(keys.athleteDivisions, Object.fromEntries(index)));
    queueEventDivisions(batch, prefix, write.changes);
    batch.barrier();
    const watermarks: Array<() => void> = [];
    write.generations.forEach((gen, g) => {
      for (const changes of write.changes) {
        const live = g === 0;
        const payload = {
          d: changes.divisionId,
          name: changes.name,
          live,
          now,
          matches: changes.matches,
          profiles: changes.profiles,
          markers: live ? changes.eventIds : [],
          markerTtlMs: APPLIED_EVENT_TTL_MS,
          projection: REDIS_PROJECTION,
          appliedChannel: appliedChannel(prefix),
          leaderboardChannel: leaderboardChangedChannel(prefix),
        };
        const divisionKeys = keys.division(gen, changes.divisionId);
        applyDivisionScript.queue(batch, applyScriptKeys(divisionKeys, keys.applied(REDIS_PROJECTION, changes.divisionId)), [
          JSON.stringify(payload),
        ]);
      }
      const newest = write.newestOccurredAt;
      if (newest) watermarks.push(() => watermarkScript.queue(batch, [keys.projectionState(gen)], [newest, now]));
    });
    batch.barrier();
    watermarks.forEach((queue) => queue());
  });
}
