import { parsingError, unsupported } from '../errors';
import { EsRequest, EsResponse, Json } from '../http/es-request';
import { Route } from '../http/router';
import { collectMatches } from '../search/matcher';
import { SearchOptions, executeSearch } from '../search/search-executor';
import { Cluster, ResolveOptions } from '../store/cluster';
import { IndexStore } from '../store/index-store';
import { resolveOpts } from './indices-api';
import { applyRefresh } from './write-support';

export const RESOLVE = ['ignore_unavailable', 'allow_no_indices', 'expand_wildcards', 'preference', 'routing', 'request_cache', 'search_type', 'ccs_minimize_roundtrips', 'batched_reduce_size', 'pre_filter_shard_size', 'max_concurrent_shard_requests', 'ignore_throttled', 'allow_partial_search_results'];
const SEARCH_PARAMS = [...RESOLVE, 'from', 'size', 'track_total_hits', '_source', '_source_includes', '_source_excludes', 'rest_total_hits_as_int', 'track_scores', 'q', 'sort', 'typed_keys', 'seq_no_primary_term', 'version', 'scroll'];

function targets(cluster: Cluster, req: EsRequest): IndexStore[] {
  return cluster.resolve(req.pathParams.index, resolveOpts(req));
}

/** One search on an index expression: what `_search` and each `_msearch` item run. */
export function runSearch(cluster: Cluster, index: string | undefined, resolve: ResolveOptions, body: Json, opts: SearchOptions = {}): Json {
  return executeSearch(cluster.resolve(index, resolve), body, opts);
}

function search(cluster: Cluster, req: EsRequest): EsResponse {
  for (const p of ['q', 'sort', 'scroll']) if (req.param(p) !== undefined) throw unsupported(`search parameter [${p}]`);
  if (req.bool('typed_keys')) throw unsupported('[typed_keys]');
  const body = req.json();
  const result = runSearch(cluster, req.pathParams.index, resolveOpts(req), body, {
    from: req.int('from'),
    size: req.int('size'),
    trackTotalHits: req.param('track_total_hits'),
    restTotalHitsAsInt: req.bool('rest_total_hits_as_int'),
    sourceParams: { source: req.param('_source'), includes: req.param('_source_includes'), excludes: req.param('_source_excludes') },
  });
  return { status: 200, body: result };
}

function queryOnly(req: EsRequest, api: string): unknown {
  if (req.param('q') !== undefined) throw unsupported(`[${api}] parameter [q]`);
  const body = req.json();
  for (const key of Object.keys(body)) if (key !== 'query') throw parsingError(`request does not support [${key}]`);
  return body.query;
}

function count(cluster: Cluster, req: EsRequest): EsResponse {
  const indices = targets(cluster, req);
  const query = queryOnly(req, 'count');
  const n = collectMatches(indices, query).length;
  return { status: 200, body: { count: n, _shards: { total: indices.length, successful: indices.length, skipped: 0, failed: 0 } } };
}

/**
 * Deletes what a search on the last refreshed snapshot matches, skipping (as a version
 * conflict) any document changed since that snapshot, like ES's scroll-then-bulk.
 */
async function deleteByQuery(cluster: Cluster, req: EsRequest): Promise<EsResponse> {
  const started = Date.now();
  if (req.param('wait_for_completion') === 'false') throw unsupported('[delete_by_query] as a task (wait_for_completion=false)');
  const conflicts = req.param('conflicts') ?? 'abort';
  const indices = targets(cluster, req);
  const matches = collectMatches(indices, queryOnly(req, 'delete_by_query'));
  let deleted = 0;
  let versionConflicts = 0;
  const failures: Json[] = [];
  for (const m of matches) {
    const index = indices[m.shard];
    const seen = m.doc.doc;
    const live = index.get(seen.id);
    if (!live || live.seqNo !== seen.seqNo) {
      versionConflicts++;
      if (conflicts === 'abort') failures.push({ index: index.name, id: seen.id, cause: { type: 'version_conflict_engine_exception', reason: `[${seen.id}]: version conflict, required seqNo [${seen.seqNo}], primary term [1]. current document has seqNo [${live?.seqNo ?? -1}] and primary term [1]`, index_uuid: index.uuid, shard: '0', index: index.name }, status: 409 });
      continue;
    }
    index.delete(seen.id, { ifSeqNo: seen.seqNo, ifPrimaryTerm: seen.primaryTerm });
    deleted++;
  }
  if (req.bool('refresh')) await applyRefresh(indices, 'true');
  const body = {
    took: Date.now() - started, timed_out: false, total: matches.length, deleted, batches: matches.length > 0 ? 1 : 0,
    version_conflicts: versionConflicts, noops: 0, retries: { bulk: 0, search: 0 }, throttled_millis: 0,
    requests_per_second: -1, throttled_until_millis: 0, failures,
  };
  return { status: failures.length > 0 ? 409 : 200, body };
}

export function searchRoutes(cluster: Cluster): Route[] {
  const dbqParams = [...RESOLVE, 'refresh', 'conflicts', 'wait_for_completion', 'slices', 'scroll_size', 'requests_per_second', 'wait_for_active_shards', 'q', 'max_docs'];
  return [
    { methods: ['GET', 'POST'], pattern: '/_search', params: SEARCH_PARAMS, handler: (r) => search(cluster, r) },
    { methods: ['GET', 'POST'], pattern: '/{index}/_search', params: SEARCH_PARAMS, handler: (r) => search(cluster, r) },
    { methods: ['GET', 'POST'], pattern: '/_count', params: [...RESOLVE, 'q', 'min_score', 'terminate_after'], handler: (r) => count(cluster, r) },
    { methods: ['GET', 'POST'], pattern: '/{index}/_count', params: [...RESOLVE, 'q', 'min_score', 'terminate_after'], handler: (r) => count(cluster, r) },
    { methods: ['POST'], pattern: '/{index}/_delete_by_query', params: dbqParams, handler: (r) => deleteByQuery(cluster, r) },
  ];
}
