import type { Client } from '@elastic/elasticsearch';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { markEventsApplied } from '@app/cache';
import { projectAthletes } from '@app/rankings';
import { createWriteTargetResolver, ensureRankingsIndex, mergeIntoIndices, readSearchWatermark, resolveWriteTargets } from '@app/search';
import type { ProjectionBatch, ProjectionStore, StoredWatermark } from './projection-store';

export const ELASTICSEARCH_PROJECTION = 'elasticsearch';

/**
 * Ranking documents in Elasticsearch, written to every index behind the read alias and
 * to any index registered as being rebuilt. waitFor markers go to Redis after the bulk
 * made the batch searchable; losing one only makes a reader wait (and say so), so a
 * Redis outage never holds back this projection.
 */
export class ElasticsearchProjectionStore implements ProjectionStore {
  readonly name = ELASTICSEARCH_PROJECTION;
  private readonly targets: ReturnType<typeof createWriteTargetResolver>;

  constructor(
    private readonly client: Client,
    private readonly alias: string,
    private readonly redis: Redis,
    private readonly redisPrefix: string,
    private readonly logger: Logger,
  ) {
    this.targets = createWriteTargetResolver(client, alias);
  }

  async apply(batch: ProjectionBatch): Promise<void> {
    let indices = (await this.targets()).all;
    if (indices.length === 0) {
      await ensureRankingsIndex(this.client, this.alias);
      indices = (await resolveWriteTargets(this.client, this.alias)).all;
    }
    const states = [...projectAthletes(batch.events).values()];
    await mergeIntoIndices(this.client, indices, { states, newestOccurredAt: batch.newestOccurredAt });
    await markEventsApplied(this.redis, this.redisPrefix, this.name, batch.eventIds).catch((error: unknown) =>
      this.logger.warn({ err: error, events: batch.eventIds.length }, 'could not record applied events for waitFor'),
    );
  }

  readWatermark(): Promise<StoredWatermark> {
    return readSearchWatermark(this.client, this.alias);
  }

  async isRebuilding(): Promise<boolean> {
    return (await this.targets()).building.length > 0;
  }
}
