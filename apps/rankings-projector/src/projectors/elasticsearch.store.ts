import type { Client } from '@elastic/elasticsearch';
import type { Logger } from 'pino';
import { AppliedMarkerWriter, RedisStore } from '@app/cache';
import { projectAthletes } from '@app/rankings';
import {
  CoalescingRefresher,
  createWriteTargetResolver,
  ensureRankingsIndex,
  mergeIntoIndices,
  readSearchWatermark,
  resolveWriteTargets,
  WriteCost,
} from '@app/search';
import type { ProjectionBatch, ProjectionStore, StoredWatermark } from './projection-store';

export const ELASTICSEARCH_PROJECTION = 'elasticsearch';

/**
 * Ranking documents in Elasticsearch, written to every index behind the read alias and
 * to any index registered as being rebuilt. Work per event is independent of the
 * athlete's history (slim documents plus per-match facts, see mergeIntoIndices); a batch
 * is searchable when `apply` returns, through one refresh shared by every partition's
 * batch that finished meanwhile. waitFor markers go to Redis after that refresh; a marker
 * that cannot be written now is kept and retried (AppliedMarkerWriter), so a Redis outage
 * neither holds back this projection nor leaves readers waiting for stored data.
 */
export class ElasticsearchProjectionStore implements ProjectionStore {
  readonly name = ELASTICSEARCH_PROJECTION;
  /** What the last apply cost (the per-event cost test reads it). */
  lastCost: WriteCost = { roundTrips: 0, bytes: 0 };
  private readonly targets: ReturnType<typeof createWriteTargetResolver>;
  private readonly refresher: CoalescingRefresher;
  private readonly markers: AppliedMarkerWriter;

  constructor(
    private readonly client: Client,
    private readonly alias: string,
    redis: RedisStore,
    redisPrefix: string,
    logger: Logger,
  ) {
    this.targets = createWriteTargetResolver(client, alias);
    this.refresher = new CoalescingRefresher(client);
    this.markers = new AppliedMarkerWriter(redis, redisPrefix, this.name, {
      onError: (error, pending) => logger.warn({ err: error, pending }, 'waitFor markers not written yet; retrying'),
    });
  }

  async apply(batch: ProjectionBatch): Promise<void> {
    let indices = (await this.targets()).all;
    if (indices.length === 0) {
      await ensureRankingsIndex(this.client, this.alias);
      indices = (await resolveWriteTargets(this.client, this.alias)).all;
    }
    const states = [...projectAthletes(batch.events).values()];
    this.lastCost = await mergeIntoIndices(this.client, indices, {
      states,
      newestOccurredAt: batch.newestOccurredAt,
      refresher: (names) => this.refresher.refresh(names),
    });
    await this.markers.mark(batch.applied);
  }

  readWatermark(): Promise<StoredWatermark> {
    return readSearchWatermark(this.client, this.alias);
  }

  async isRebuilding(): Promise<boolean> {
    return (await this.targets()).building.length > 0;
  }

  stop(): void {
    this.markers.stop();
  }
}
