import { cachedFor } from '@app/ports';
import { dataNodes, RedisStore } from './redis-client';
import { cacheKeys } from './keys';

export interface Generations {
  live: string;
  building: string | null;
}

/** How long a resolved generation pair may be reused by a writer or reader. */
export const GENERATION_CACHE_MS = 1000;

/** The live and building generations; creates generation 1 on a fresh Redis. */
export async function resolveGenerations(redis: RedisStore, prefix: string): Promise<Generations> {
  const keys = cacheKeys(prefix);
  const [live, building] = await redis.mget(keys.liveGeneration, keys.buildingGeneration);
  if (live) return { live, building: building ?? null };
  await redis.set(keys.liveGeneration, '1', 'NX');
  await redis.set(keys.generationSequence, '1', 'NX');
  const current = await redis.get(keys.liveGeneration);
  return { live: current ?? '1', building: building ?? null };
}

/**
 * Generations cached for less than GENERATION_CACHE_MS from when their read began (and read
 * again ahead of that, off the caller's path). A rebuild that registers a building
 * generation must wait longer than that before reading its snapshot, so every live write
 * after the snapshot is guaranteed to reach the new generation too.
 */
export function createGenerationResolver(redis: RedisStore, prefix: string, ttlMs = GENERATION_CACHE_MS): () => Promise<Generations> {
  return cachedFor(() => resolveGenerations(redis, prefix), ttlMs);
}

/** Every generation a live write must reach. */
export function writeGenerations({ live, building }: Generations): string[] {
  return building && building !== live ? [live, building] : [live];
}

/** Registers a new, empty generation as building and returns its id. */
export async function startBuildingGeneration(redis: RedisStore, prefix: string): Promise<string> {
  await resolveGenerations(redis, prefix);
  const keys = cacheKeys(prefix);
  const gen = String(await redis.incr(keys.generationSequence));
  await redis.set(keys.buildingGeneration, gen);
  return gen;
}

/**
 * Makes the building generation live in one atomic step (a Lua script), so readers see
 * either the old complete generation or the new complete one. Returns both ids; the
 * previous generation is kept until the caller drops it (after GENERATION_CACHE_MS).
 */
export async function promoteBuildingGeneration(redis: RedisStore, prefix: string): Promise<{ previous: string; current: string }> {
  const keys = cacheKeys(prefix);
  const result = (await redis.eval(
    `local b = redis.call('GET', KEYS[2])
     if not b then return nil end
     local prev = redis.call('GET', KEYS[1])
     redis.call('SET', KEYS[1], b)
     redis.call('DEL', KEYS[2])
     return {prev or '', b}`,
    2,
    keys.liveGeneration,
    keys.buildingGeneration,
  )) as [string, string] | null;
  if (!result) throw new Error(`no building generation under ${prefix} to promote`);
  return { previous: result[0], current: result[1] };
}

/** Unregisters the building generation (an abandoned rebuild); its keys stay until dropped. */
export async function abandonBuildingGeneration(redis: RedisStore, prefix: string): Promise<string | null> {
  const keys = cacheKeys(prefix);
  const building = await redis.get(keys.buildingGeneration);
  await redis.del(keys.buildingGeneration);
  return building;
}

/** Deletes every key of a generation that is neither live nor building. */
export async function dropGeneration(redis: RedisStore, prefix: string, gen: string): Promise<number> {
  const current = await resolveGenerations(redis, prefix);
  if (gen === current.live || gen === current.building) throw new Error(`generation ${gen} is in use; refusing to drop it`);
  const keys = cacheKeys(prefix);
  const pattern = keys.generationPattern(gen);
  let dropped = 0;
  // SCAN sees one node's keys: a cluster is scanned node by node, and keys of different
  // slots are unlinked one per command (a multi-key UNLINK must stay in one slot).
  for (const node of dataNodes(redis)) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (batch.length > 0) dropped += await unlinkEach(node, batch);
    } while (cursor !== '0');
  }
  return dropped + (await redis.unlink(keys.projectionState(gen)));
}

async function unlinkEach(node: RedisStore, keys: string[]): Promise<number> {
  const pipeline = node.pipeline();
  for (const key of keys) pipeline.unlink(key);
  const replies = (await pipeline.exec()) ?? [];
  return replies.reduce((sum, [error, n]) => {
    if (error) throw error;
    return sum + Number(n);
  }, 0);
}
