import { EsError, illegalArgument, parsingError, unsupported } from '../errors';
import { EsRequest, EsResponse, Json } from '../http/es-request';
import { Route } from '../http/router';
import { collectMatches } from '../search/matcher';
import { RequestCache } from '../search/request-cache';
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

function search(cluster: Cluster, cache: RequestCache, req: EsRequest): EsResponse {
  for (const p of ['q', 'sort', 'scroll']) if (req.param(p) !== undefined) throw unsupported(`search parameter [${p}]`);
  if (req.bool('typed_keys')) throw unsupported('[typed_keys]');
  const body = req.json();
  const indices = cluster.resolve(req.pathParams.index, resolveOpts(req));
  const options: SearchOptions = {
    from: req.int('from'),
    size: req.int('size'),
    trackTotalHits: req.param('track_total_hits'),
    restTotalHitsAsInt: req.bool('rest_total_hits_as_int'),
    sourceParams: { source: req.param('_source'), includes: req.param('_source_includes'), excludes: req.param('_source_excludes') },
  };
  const result = cache.get(indices, req.param('request_cache'), body, options, () => executeSearch(indices, body, options));
  return { status: 200, body: result };
}

function queryOnly(req: EsRequest, api: string, allowed: string[] = ['query']): unknown {
  if (req.param('q') !== undefined) throw unsupported(`[${api}] parameter [q]`);
  const body = req.json();
  for (const key of Object.keys(body)) {
    if (key === 'slice') throw unsupported(`[${api}] manual slicing`);
    if (!allowed.includes(key)) throw parsingError(`request does not support [${key}]`);
  }
  return body.query;
}

/** _count, with ES's min_score and terminate_after (at most that many per shard, then terminated_early). */
function count(cluster: Cluster, req: EsRequest): EsResponse {
  const terminateAfter = req.int('terminate_after') ?? 0;
  if (terminateAfter < 0) throw illegalArgument('terminateAfter must be > 0');
  const minScore = req.param('min_score') === undefined ? undefined : Number(req.param('min_score'));
  if (minScore !== undefined && Number.isNaN(minScore)) throw illegalArgument(`failed to parse [min_score] value [${req.param('min_score')}]`);
  const indices = targets(cluster, req);
  const query = queryOnly(req, 'count');
  const body: Json = { count: 0, _shards: { total: indices.length, successful: indices.length, skipped: 0, failed: 0 } };
  let total = 0;
  let terminated = false;
  for (const index of indices) {
    const n = collectMatches([index], query, Date.now(), minScore, true).length;
    if (terminateAfter > 0 && n >= terminateAfter) terminated = true;
    total += terminateAfter > 0 ? Math.min(n, terminateAfter) : n;
  }
  if (terminateAfter > 0) return { status: 200, body: { count: total, terminated_early: terminated, _shards: body._shards } };
  return { status: 200, body: { ...body, count: total } };
}

/**
 * Deletes what a search on the last refreshed snapshot matches, skipping (as a version
 * conflict) any document changed since that snapshot, like ES's scroll-then-bulk.
 */
/** delete_by_query's URL options as ES validates them; the ones that would change results elsewhere are refused. */
function dbqOptions(req: EsRequest): { maxDocs?: number; scrollSize: number; conflicts: string } {
  if (req.param('wait_for_completion') === 'false') throw unsupported('[delete_by_query] as a task (wait_for_completion=false)');
  const slices = req.param('slices');
  if (slices !== undefined && slices !== '1' && slices !== 'auto') throw unsupported('[delete_by_query] slices other than 1 or auto');
  const rps = req.param('requests_per_second');
  if (rps !== undefined && rps !== '-1' && rps !== 'unlimited') throw unsupported('[delete_by_query] throttling (requests_per_second)');
  const inBody = req.hasBody ? req.json().max_docs : undefined;
  const maxDocs = inBody === undefined ? req.int('max_docs') : Number(inBody);
  const scrollSize = req.int('scroll_size') ?? 1000;
  const problems: string[] = [];
  if (maxDocs !== undefined && maxDocs <= 0) problems.push(`maxDocs must be greater than 0 if provided, was [${maxDocs}]`);
  if (scrollSize <= 0) problems.push(`size must be greater than 0 if provided, was [${scrollSize}]`);
  if (problems.length > 0) throw new EsError(400, 'action_request_validation_exception', `Validation Failed: ${problems.map((p, i) => `${i + 1}: ${p};`).join('')}`);
  const conflicts = req.param('conflicts') ?? 'abort';
  if (conflicts !== 'abort' && conflicts !== 'proceed') throw illegalArgument(`conflicts may only be "proceed" or "abort" but was [${conflicts}]`);
  return { maxDocs, scrollSize, conflicts };
}

async function deleteByQuery(cluster: Cluster, req: EsRequest): Promise<EsResponse> {
  const started = Date.now();
  const { maxDocs, scrollSize, conflicts } = dbqOptions(req);
  const indices = targets(cluster, req);
  const all = collectMatches(indices, queryOnly(req, 'delete_by_query', ['query', 'max_docs']), Date.now(), undefined, true);
  // ES stops after max_docs documents: with conflicts=proceed conflicts do not count towards it.
  const matches: typeof all = [];
  let deleted = 0;
  let versionConflicts = 0;
  const failures: Json[] = [];
  for (const m of all) {
    if (maxDocs !== undefined && (conflicts === 'proceed' ? deleted : matches.length) >= maxDocs) break;
    matches.push(m);
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
    took: Date.now() - started, timed_out: false, total: matches.length, deleted, batches: Math.ceil(matches.length / scrollSize),
    version_conflicts: versionConflicts, noops: 0, retries: { bulk: 0, search: 0 }, throttled_millis: 0,
    requests_per_second: -1, throttled_until_millis: 0, failures,
  };
  return { status: failures.length > 0 ? 409 : 200, body };
}

export function searchRoutes(cluster: Cluster): Route[] {
  const cache = new RequestCache();
  const dbqParams = [...RESOLVE, 'refresh', 'conflicts', 'wait_for_completion', 'slices', 'scroll_size', 'requests_per_second', 'wait_for_active_shards', 'q', 'max_docs'];
  return [
    { methods: ['GET', 'POST'], pattern: '/_search', params: SEARCH_PARAMS, handler: (r) => search(cluster, cache, r) },
    { methods: ['GET', 'POST'], pattern: '/{index}/_search', params: SEARCH_PARAMS, handler: (r) => search(cluster, cache, r) },
    { methods: ['GET', 'POST'], pattern: '/_count', params: [...RESOLVE, 'q', 'min_score', 'terminate_after'], handler: (r) => count(cluster, r) },
    { methods: ['GET', 'POST'], pattern: '/{index}/_count', params: [...RESOLVE, 'q', 'min_score', 'terminate_after'], handler: (r) => count(cluster, r) },
    { methods: ['POST'], pattern: '/{index}/_delete_by_query', params: dbqParams, handler: (r) => deleteByQuery(cluster, r) },
  ];
}
