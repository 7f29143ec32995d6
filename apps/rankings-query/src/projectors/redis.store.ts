import type { Redis } from 'ioredis';
import type { AnyEvent } from '@app/contracts';
import {
  createGenerationResolver,
  publishLeaderboardChanges,
  readCacheWatermark,
  REDIS_PROJECTION,
  writeGenerations,
  writeToGenerations,
} from '@app/cache';
import { projectAthletes } from '@app/rankings';
import type { ProjectionBatch, ProjectionStore, StoredWatermark } from './projection-store';

/**
 * Leaderboards, division stats and athlete summaries in Redis. Each batch is one atomic
 * script per attempt covering data, watermark and waitFor markers, written to the live
 * generation and to a generation being rebuilt, if any.
 */
export class RedisProjectionStore implements ProjectionStore {
  readonly name = REDIS_PROJECTION;
  private readonly generations: ReturnType<typeof createGenerationResolver>;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.generations = createGenerationResolver(redis, prefix);
  }

  async apply(batch: ProjectionBatch): Promise<void> {
    const generations = writeGenerations(await this.generations());
    const divisions = divisionsOf(batch.events);
    await writeToGenerations(this.redis, this.prefix, generations, {
      states: [...projectAthletes(batch.events).values()],
      divisions,
      newestOccurredAt: batch.newestOccurredAt,
      appliedEventIds: batch.eventIds,
    });
    // Only once stored: the SSE streams re-read what this announces. A failure retries the
    // (idempotent) batch, so an announcement is repeated at worst, never lost.
    await publishLeaderboardChanges(this.redis, this.prefix, divisions.map((d) => d.divisionId));
  }

  async readWatermark(): Promise<StoredWatermark> {
    const { live } = await this.generations();
    return readCacheWatermark(this.redis, this.prefix, live);
  }

  async isRebuilding(): Promise<boolean> {
    return (await this.generations()).building !== null;
  }
}

/** Every division the batch mentions is known from now on; DivisionCreated also names it. */
function divisionsOf(events: AnyEvent[]): Array<{ divisionId: string; name?: string }> {
  const byId = new Map<string, string | undefined>();
  for (const e of events) {
    const name = e.type === 'DivisionCreated' ? e.data.name : undefined;
    byId.set(e.divisionId, name ?? byId.get(e.divisionId));
  }
  return [...byId].map(([divisionId, name]) => ({ divisionId, name }));
}
