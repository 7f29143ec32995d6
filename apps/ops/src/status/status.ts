import { readCacheWatermark, resolveGenerations } from '@app/cache';
import { indicesBehindAlias, listRankingIndices, RankingsIndexInfo, readSearchWatermark } from '@app/search';
import { readSourceWatermark } from '@app/watermark';
import { describeError } from '../cli/output';
import type { OpsContext } from '../context/ops-context';
import { ReindexRuns, ReindexRun } from '../reindex/reindex-runs';
import { OutboxBacklog, readOutboxBacklog } from '@app/database';
import { fetchProjections, ProjectionsReport } from './projections-client';

/** A section that could not be read says why instead of failing the whole report. */
export type Section<T> = { ok: true; value: T } | { ok: false; error: string };

export interface StatusReport {
  elasticsearch: Section<{ alias: string; aliasTarget: string[]; indices: RankingsIndexInfo[]; newestStoredAt: string | null }>;
  redis: Section<{ liveGeneration: string; buildingGeneration: string | null; newestStoredAt: string | null; sourceNewestPublishedAt: string | null }>;
  build: Section<ReindexRun | null>;
  outbox: Section<OutboxBacklog>;
  projections: ProjectionsReport;
}

export async function readStatus(context: OpsContext): Promise<StatusReport> {
  const [elasticsearch, redis, build, outbox, projections] = await Promise.all([
    section(() => readElasticsearch(context)),
    section(() => readRedis(context)),
    section(async () => new ReindexRuns(await context.migratedPool()).unfinished(context.config.ELASTICSEARCH_ALIAS)),
    section(() => readOutboxBacklog(context.pool)),
    fetchProjections(context.queryUrl),
  ]);
  return { elasticsearch, redis, build, outbox, projections };
}

async function section<T>(read: () => Promise<T>): Promise<Section<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

async function readElasticsearch(context: OpsContext) {
  const alias = context.config.ELASTICSEARCH_ALIAS;
  const [aliasTarget, indices] = await Promise.all([indicesBehindAlias(context.es, alias), listRankingIndices(context.es, alias)]);
  const watermark = aliasTarget.length ? await readSearchWatermark(context.es, alias) : null;
  return { alias, aliasTarget, indices, newestStoredAt: iso(watermark?.newestOccurredAt ?? null) };
}

async function readRedis(context: OpsContext) {
  const prefix = context.config.REDIS_KEY_PREFIX;
  const generations = await resolveGenerations(context.redis, prefix);
  const [watermark, source] = await Promise.all([
    readCacheWatermark(context.redis, prefix, generations.live),
    readSourceWatermark(context.redis, prefix),
  ]);
  return {
    liveGeneration: generations.live,
    buildingGeneration: generations.building,
    newestStoredAt: iso(watermark.newestOccurredAt),
    sourceNewestPublishedAt: iso(source?.newestPublishedOccurredAt ?? null),
  };
}

function iso(ms: number | null): string | null {
  return ms ? new Date(ms).toISOString() : null;
}
