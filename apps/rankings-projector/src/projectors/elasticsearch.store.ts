import type { Client } from '@elastic/elasticsearch';
import type { Logger } from 'pino';
import { AppliedMarkerWriter, RedisStore } from '@app/cache';
import { projectAthletes } from '@app/rankings';
import {
  createWriteTargetResolver,
  ELASTICSEARCH_PROJECTION,
  ensureRankingsIndex,
  mergeSearchable,
  PendingHints,
  readSearchWatermark,
  resolveWriteTargets,
} from '@app/search';
import type { ProjectionBatch, ProjectionStore, StoredWatermark } from './projection-store';

/** Fact writes that may still run behind acknowledged batches; past this, a batch waits for one. */
const MAX_FACT_WRITES_BEHIND = 8;

/**
 * Ranking documents in Elasticsearch, written to every index behind the read alias and
 * to any index registered as being rebuilt. Work per event is independent of the
 * athlete's history (slim documents plus per-match facts, see mergeIntoIndices): one
 * mget, one bulk that stores the athlete documents and makes them searchable, then the
 * waitFor markers. The fact documents' bulk runs behind (mergeSearchable): the athlete
 * documents' pending lists already count those facts, and a fact write that fails is
 * written again with the athlete's next write, so `apply` resolves without waiting for
 * it, and a reader waiting for the batch is answered one round trip sooner.
 *
 * waitFor markers go to Redis after the write; a marker that cannot be written now is
 * kept and retried (AppliedMarkerWriter), so a Redis outage neither holds back this
 * projection nor leaves readers waiting for stored data.
 */
export class ElasticsearchProjectionStore implements ProjectionStore {
  readonly name = ELASTICSEARCH_PROJECTION;
  private readonly targets: ReturnType<typeof createWriteTargetResolver>;
  private readonly markers: AppliedMarkerWriter;
  private readonly hints = new PendingHints();
  private readonly factsBehind = new Set<Promise<void>>();

  constructor(
    private readonly client: Client,
    private readonly alias: string,
    redis: RedisStore,
    redisPrefix: string,
    private readonly logger: Logger,
  ) {
    this.targets = createWriteTargetResolver(client, alias);
    this.markers = new AppliedMarkerWriter(redis, redisPrefix, this.name, {
      onError: (error, pending) => logger.warn({ err: error, pending }, 'waitFor markers not written yet; retrying'),
    });
  }

  async apply(batch: ProjectionBatch): Promise<void> {
    // Bounded: a store slower at facts than at documents holds batches here, not in memory.
    while (this.factsBehind.size >= MAX_FACT_WRITES_BEHIND) await Promise.race(this.factsBehind);
    let indices = (await this.targets()).all;
    if (indices.length === 0) {
      await ensureRankingsIndex(this.client, this.alias);
      indices = (await resolveWriteTargets(this.client, this.alias)).all;
    }
    const states = [...projectAthletes(batch.events).values()];
    const { factsWritten } = await mergeSearchable(this.client, indices, { states, newestOccurredAt: batch.newestOccurredAt, hints: this.hints });
    const behind: Promise<void> = factsWritten
      .catch((error: unknown) => this.logger.warn({ err: error }, 'match facts not stored; the athletes\' next writes store them'))
      .finally(() => this.factsBehind.delete(behind));
    this.factsBehind.add(behind);
    await this.markers.mark(batch.applied);
  }

  readWatermark(): Promise<StoredWatermark> {
    return readSearchWatermark(this.client, this.alias);
  }

  async isRebuilding(): Promise<boolean> {
    return (await this.targets()).building.length > 0;
  }

  /** Waits for the fact writes still running behind acknowledged batches. */
  async stop(): Promise<void> {
    this.markers.stop();
    await Promise.all(this.factsBehind);
  }
}
