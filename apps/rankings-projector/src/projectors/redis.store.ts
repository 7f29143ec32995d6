import { changesFromEvents, createGenerationResolver, readCacheWatermark, REDIS_PROJECTION, writeGenerations, writeProjection, RedisStore } from '@app/cache';
import type { ProjectionBatch, ProjectionStore, StoredWatermark } from './projection-store';

/**
 * Leaderboards, rankings pages, athlete pages and division stats in Redis (libs/cache).
 * A batch is one pipeline: per division one atomic script that merges the batch's facts
 * into running aggregates, rewrites the touched views as response bytes and stores and
 * publishes the waitFor markers; for the live generation and a generation being rebuilt.
 * No read comes first, so the work per event does not depend on an athlete's history.
 */
export class RedisProjectionStore implements ProjectionStore {
  readonly name = REDIS_PROJECTION;
  private readonly generations: ReturnType<typeof createGenerationResolver>;

  constructor(
    private readonly redis: RedisStore,
    private readonly prefix: string,
  ) {
    this.generations = createGenerationResolver(redis, prefix);
  }

  async apply(batch: ProjectionBatch): Promise<void> {
    const generations = writeGenerations(await this.generations());
    await writeProjection(this.redis, this.prefix, {
      generations,
      changes: changesFromEvents(batch.events, batch.applied),
      newestOccurredAt: batch.newestOccurredAt,
    });
  }

  async readWatermark(): Promise<StoredWatermark> {
    const { live } = await this.generations();
    return readCacheWatermark(this.redis, this.prefix, live);
  }

  async isRebuilding(): Promise<boolean> {
    return (await this.generations()).building !== null;
  }
}
