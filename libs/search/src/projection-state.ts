import type { Client } from '@elastic/elasticsearch';

/** The Elasticsearch projection's name (its consumer group, metrics and `/projections` entry). */
export const ELASTICSEARCH_PROJECTION = 'elasticsearch';

/** Id of the document holding an index's projection watermark (never a valid athlete id). */
export const PROJECTION_STATE_ID = 'projection:state';

export interface ProjectionStateDocument {
  kind: 'projection-state';
  /** occurredAt (ms) of the newest event whose effect this index stores. */
  newestOccurredAt: number;
  /** When the projector last stored a batch here (ms). */
  appliedAt: number;
}

export interface SearchWatermark {
  newestOccurredAt: number | null;
  appliedAt: number | null;
}

/**
 * Reads the watermark back from the index the alias serves (a real GET, so an unreachable
 * or hung cluster makes this throw, which the freshness monitor reads as "unknown").
 */
export async function readSearchWatermark(client: Client, alias: string): Promise<SearchWatermark> {
  const result = await client.search<ProjectionStateDocument>({ index: alias, query: { ids: { values: [PROJECTION_STATE_ID] } }, size: 1 });
  const source = result.hits.hits[0]?._source;
  return { newestOccurredAt: source?.newestOccurredAt ?? null, appliedAt: source?.appliedAt ?? null };
}
