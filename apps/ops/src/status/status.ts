import { readCacheWatermark, REDIS_PROJECTION, resolveGenerations } from '@app/cache';
import { ELASTICSEARCH_PROJECTION, indicesBehindAlias, listRankingIndices, RankingsIndexInfo, readSearchWatermark } from '@app/search';
import { readSourceWatermark } from '@app/watermark';
import { projectorGroupId, readConsumerLag, TopicLag } from '@app/kafka';
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
  /** How far each projection's consumer group is behind the end of the topic (events it has not stored). */
  kafka: Section<TopicLag>;
  projections: ProjectionsReport;
}

/** The projections whose consumer groups status reads (one group per store, see projectorGroupId). */
const PROJECTIONS = [ELASTICSEARCH_PROJECTION, REDIS_PROJECTION];

/**
 * Every section is read at once and each gets at most `timeoutMs`: status is the first
 * command of an incident, so a hung store (accepting connections, never answering) is
 * named as such instead of holding the whole report for the client's own timeout.
 */
export async function readStatus(context: OpsContext, timeoutMs: number): Promise<StatusReport> {
  const [elasticsearch, redis, build, outbox, kafka, projections] = await Promise.all([
    section('elasticsearch', timeoutMs, () => readElasticsearch(context)),
    section('redis', timeoutMs, () => readRedis(context)),
    section('postgres', timeoutMs, () => readUnfinishedBuild(context)),
    section('postgres', timeoutMs, () => readOutboxBacklog(context.pool)),
    section('kafka', timeoutMs, () => readKafka(context)),
    fetchProjections(context.queryUrl, timeoutMs),
  ]);
  return { elasticsearch, redis, build, outbox, kafka, projections };
}

async function section<T>(store: string, timeoutMs: number, read: () => Promise<T>): Promise<Section<T>> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${store} gave no answer within ${timeoutMs} ms (hung?)`)), timeoutMs);
  });
  try {
    return { ok: true, value: await Promise.race([read(), deadline]) };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Without migrating (status must not write, nor wait for a lock): no table yet means no build ever ran. */
async function readUnfinishedBuild(context: OpsContext): Promise<ReindexRun | null> {
  try {
    return await new ReindexRuns(context.pool).unfinished(context.config.ELASTICSEARCH_ALIAS);
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return null;
    throw error;
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

async function readKafka(context: OpsContext): Promise<TopicLag> {
  const topic = context.config.KAFKA_TOPIC;
  return readConsumerLag(await context.kafka(), topic, PROJECTIONS.map((p) => projectorGroupId(topic, p)));
}

function iso(ms: number | null): string | null {
  return ms ? new Date(ms).toISOString() : null;
}
