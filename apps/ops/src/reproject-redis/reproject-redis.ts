import {
  abandonBuildingGeneration,
  changesFromStates,
  dropGeneration,
  GENERATION_CACHE_MS,
  promoteBuildingGeneration,
  readCacheWatermark,
  resolveGenerations,
  splitChanges,
  startBuildingGeneration,
  writeProjection,
} from '@app/cache';
import type { Output } from '../cli/output';
import { createProgress } from '../cli/progress';
import type { OpsContext } from '../context/ops-context';
import { readOutboxNewestOccurredAt } from '../snapshot/outbox-newest';
import { waitForWritersToSee } from '../snapshot/registration-delay';
import { streamSnapshot } from '../snapshot/stream-snapshot';

/** Facts and profiles per apply script: keeps each script short while live writes wait behind it. */
const MAX_ROWS_PER_SCRIPT = 5000;

export interface Reprojection {
  previousGeneration: string;
  generation: string;
  athletes: number;
  divisions: number;
  seconds: number;
  droppedKeys: number;
}

/**
 * Rebuilds every Redis read model from Postgres under a new generation while the live one
 * keeps serving (live writes reach both), then switches the pointer in one atomic step:
 * readers see the old complete generation or the new complete one, never a half-built one.
 * On failure the building generation is unregistered and deleted; the live one is untouched.
 */
export async function reprojectRedis(context: OpsContext, output: Output, batchSize = 500): Promise<Reprojection> {
  const { redis, pool } = context;
  const prefix = context.config.REDIS_KEY_PREFIX;
  const started = Date.now();
  const before = await resolveGenerations(redis, prefix);
  if (before.building) output.note(`replacing an unfinished Redis build (generation ${before.building})`);
  const generation = await startBuildingGeneration(redis, prefix);
  output.note(`building Redis generation ${generation} (live: ${before.live})`);
  try {
    await waitForWritersToSee(GENERATION_CACHE_MS);
    const outboxNewest = await readOutboxNewestOccurredAt(pool);
    const divisions = await pool.query<{ id: string; name: string }>('SELECT id, name FROM divisions ORDER BY id');
    // Every division is known (and named) in the new generation, athletes or not.
    const named = divisions.rows.map((d) => ({ divisionId: d.id, name: d.name, matches: [], profiles: [], eventIds: [] }));
    await writeProjection(redis, prefix, { generations: [generation], changes: named });
    const streamed = await streamSnapshot({
      pool,
      batchSize,
      after: null,
      progress: createProgress({ label: `reproject-redis gen ${generation}`, unit: 'athletes' }),
      // Facts merge by revision, so a live write racing a snapshot row converges either way.
      write: (states) =>
        writeProjection(redis, prefix, { generations: [generation], changes: splitChanges(changesFromStates(states), MAX_ROWS_PER_SCRIPT) }),
    });
    await carryWatermark(context, before.live, generation, outboxNewest);
    const { previous } = await promoteBuildingGeneration(redis, prefix);
    // Readers and writers may hold the previous generation for GENERATION_CACHE_MS more.
    await waitForWritersToSee(GENERATION_CACHE_MS);
    const droppedKeys = previous && previous !== generation ? await dropGeneration(redis, prefix, previous) : 0;
    if (before.building && before.building !== generation) await dropGeneration(redis, prefix, before.building).catch(() => 0);
    const seconds = Number(((Date.now() - started) / 1000).toFixed(1));
    return { previousGeneration: previous, generation, athletes: streamed.docs, divisions: divisions.rowCount ?? 0, seconds, droppedKeys };
  } catch (error) {
    await abandonBuildingGeneration(redis, prefix).catch(() => null);
    await dropGeneration(redis, prefix, generation).catch(() => 0);
    throw error;
  }
}

/** Same rule as the index rebuild: the new generation is as fresh as the old one and the outbox before the snapshot. */
async function carryWatermark(context: OpsContext, live: string, generation: string, outboxNewest: number | null): Promise<void> {
  const prefix = context.config.REDIS_KEY_PREFIX;
  const old = await readCacheWatermark(context.redis, prefix, live);
  const newest = Math.max(old.newestOccurredAt ?? 0, outboxNewest ?? 0);
  if (newest > 0) await writeProjection(context.redis, prefix, { generations: [generation], changes: [], newestOccurredAt: newest });
}
