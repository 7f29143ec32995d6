import { illegalArgument, parsingError, searchPhaseFailure, unsupported } from '../errors';
import { IndexStore } from '../store/index-store';
import { AggDoc, runAggregations } from './aggregations';
import { Match, asShardFailure, collectMatches, contextFor } from './matcher';
import { compileQuery } from './query-compiler';
import { Json, isObject } from './query-types';
import { SortField, SortValue, compareKeys, parseSearchAfter, parseSort, renderSortValues, sortValue } from './sort';
import { parseSourceFilter, sourceFilterFn } from './source-filter';
import { firstPlaceAfter, hasStaticOrder, sortedOrder } from './sorted-order';

const BODY_KEYS = ['query', 'from', 'size', 'sort', 'search_after', 'track_total_hits', '_source', 'aggs', 'aggregations', 'track_scores', 'version', 'seq_no_primary_term', 'timeout', 'min_score', 'post_filter', 'explain', 'profile', 'stored_fields'];
const UNSUPPORTED_KEYS = ['highlight', 'collapse', 'script_fields', 'docvalue_fields', 'fields', 'suggest', 'rescore', 'knn', 'pit', 'runtime_mappings', 'indices_boost', 'slice', 'terminate_after', 'retriever', 'rank', 'ext', 'stats'];

export interface SearchOptions {
  sourceParams?: { source?: string; includes?: string; excludes?: string };
  restTotalHitsAsInt?: boolean;
  /** Query-string overrides (`from`, `size`, ...) merged under the body's own values. */
  from?: number;
  size?: number;
  trackTotalHits?: unknown;
}

type Ranked = Match;

/** Body keys and options; also run while parsing `_msearch`, where ES refuses a bad body for the whole request. */
export function validateBody(body: Json): void {
  for (const key of Object.keys(body)) {
    if (UNSUPPORTED_KEYS.includes(key)) throw unsupported(`search option [${key}]`);
    if (!BODY_KEYS.includes(key)) throw parsingError(`Unknown key for a ${isObject(body[key]) ? 'START_OBJECT' : 'VALUE'} in [${key}].`);
  }
  if (body.explain === true || body.profile === true) throw unsupported('explain/profile');
  if (body.stored_fields !== undefined && body.stored_fields !== '_none_') throw unsupported('[stored_fields]');
}

function intParam(name: string, value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw parsingError(`[${name}] must be an integer, got [${String(value)}]`);
  if (n < 0) throw illegalArgument(`[${name}] parameter cannot be negative, found [${n}]`);
  return n;
}

/** Integer.MAX_VALUE: what `track_total_hits: true` means in ES (SearchContext.TRACK_TOTAL_HITS_ACCURATE). */
const ACCURATE = 2_147_483_647;

/**
 * ES's default: exact up to 10,000, then a lower bound. rest_total_hits_as_int makes the
 * default exact and refuses an inexact threshold (RestSearchAction.checkRestTotalHits).
 */
function totalHits(total: number, track: unknown, asInt: boolean): unknown {
  if (track === false || track === 'false' || Number(track) === -1) return undefined;
  if (typeof track !== 'boolean' && track !== undefined && track !== 'true' && !(Number.isInteger(Number(track)) && Number(track) >= 0)) {
    throw illegalArgument(`[track_total_hits] parameter must be positive or equals to -1, got ${String(track)}`);
  }
  const exact = track === true || track === 'true' || Number(track) === ACCURATE || (track === undefined && asInt);
  if (asInt && !exact) throw illegalArgument(`[rest_total_hits_as_int] cannot be used if the tracking of total hits is not accurate, got ${String(track)}`);
  const threshold = exact ? Number.POSITIVE_INFINITY : track === undefined ? 10_000 : Number(track);
  const value = Math.min(total, threshold);
  if (asInt) return value;
  return { value, relation: total > threshold ? 'gte' : 'eq' };
}

/** Keeps the first k of `items` in `cmp` order without sorting all of them. */
function selectTop<T>(items: T[], k: number, cmp: (a: T, b: T) => number): T[] {
  if (items.length <= k * 4 || k === 0) return items.sort(cmp).slice(0, k);
  const top: T[] = [];
  for (const item of items) {
    if (top.length === k && cmp(item, top[k - 1]) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(top[mid], item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, item);
    if (top.length > k) top.pop();
  }
  return top;
}

export function executeSearch(indices: IndexStore[], body: Json, opts: SearchOptions = {}): Json {
  const started = Date.now();
  validateBody(body);
  const from = intParam('from', body.from ?? opts.from, 0);
  const size = intParam('size', body.size ?? opts.size, 10);
  const window = Math.min(...indices.map((i) => i.maxResultWindow), 10_000);
  if (from + size > window && indices.length > 0) {
    throw searchPhaseFailure(
      illegalArgument(`Result window is too large, from + size must be less than or equal to: [${window}] but was [${from + size}]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.`),
      indices[0].name,
    );
  }
  const sort: SortField[] = asShardFailure(indices[0]?.name ?? '_na_', () => parseSort(body.sort, indices.map((i) => i.mapping)));
  const after = body.search_after === undefined ? undefined : parseSearchAfter(sort, body.search_after);
  if (after && from > 0) throw illegalArgument('[from] parameter must be set to 0 when [search_after] is used');
  const source = sourceFilterFn(parseSourceFilter(body._source, opts.sourceParams));
  const now = Date.now();
  const minScore = body.min_score === undefined ? undefined : Number(body.min_score);
  const aggs = body.aggs ?? body.aggregations;
  const scored = sort.some((s) => s.kind === 'score') || body.track_scores === true;
  let matches = collectMatches(indices, body.query, now, minScore, !scored && aggs === undefined);
  const total = matches.length;
  const aggregations = aggs === undefined ? undefined : runAggregations(aggs as Json, matches as AggDoc[]);
  if (body.post_filter !== undefined) matches = postFilter(matches, body.post_filter, indices, now);
  const page = (indices.length === 1 && hasStaticOrder(sort) ? rankInOrder(indices[0], matches, sort, after, from + size) : rank(matches, sort, after, from + size)).slice(from);
  const result: Json = {
    took: Date.now() - started,
    timed_out: false,
    _shards: { total: indices.length, successful: indices.length, skipped: 0, failed: 0 },
    hits: {
      total: totalHits(total, body.track_total_hits ?? opts.trackTotalHits, opts.restTotalHitsAsInt === true),
      max_score: scored && matches.length > 0 ? Math.max(...matches.map((m) => m.score)) : null,
      hits: page.map((m) => renderHit(m, sort, body, source, scored)),
    },
  };
  if ((result.hits as Json).total === undefined) delete (result.hits as Json).total;
  if (aggregations) result.aggregations = aggregations;
  return result;
}

function postFilter(matches: Match[], filter: unknown, indices: IndexStore[], now: number): Match[] {
  const compiled = indices.map((i) => compileQuery(filter, contextFor(i, now)));
  return matches.filter((m) => compiled[m.shard].score(m.doc) !== undefined);
}

function rank(matches: Match[], sort: SortField[], after: SortValue[] | undefined, k: number): Ranked[] {
  // Keys are attached in place: a filtered search ranks thousands of documents per request.
  const ranked = matches;
  for (const m of ranked) {
    const keys: SortValue[] = new Array(sort.length);
    for (let i = 0; i < sort.length; i++) keys[i] = sortValue(sort[i], m.doc, m.score);
    m.keys = keys;
  }
  // search_after: strictly after the given values; documents tying with them are skipped, as in ES.
  const eligible = after ? ranked.filter((r) => compareKeys(sort, r.keys, after) > 0) : ranked;
  return selectTop(eligible, k, (a, b) => compareKeys(sort, a.keys, b.keys) || a.shard - b.shard || a.doc.num - b.doc.num);
}

/**
 * rank() for one index and a sort on stored values: matches compare by their place in the
 * index's cached order for this sort (the same order compareKeys and the doc-number
 * tie-break give); the returned hits take their sort values from it.
 */
function rankInOrder(index: IndexStore, matches: Match[], sort: SortField[], after: SortValue[] | undefined, k: number): Ranked[] {
  const order = sortedOrder(index.segment, sort);
  const from = after ? firstPlaceAfter(order, sort, after) : 0;
  const { place, keys } = order;
  const eligible = from > 0 ? matches.filter((m) => place[m.doc.num] >= from) : matches;
  const top = selectTop(eligible, k, (a, b) => place[a.doc.num] - place[b.doc.num]);
  for (const m of top) m.keys = keys[m.doc.num]!;
  return top;
}

function renderHit(m: Ranked, sort: SortField[], body: Json, source: (source: Json) => Json | undefined, scored: boolean): Json {
  const doc = m.doc.doc;
  const hit: Json = { _index: m.ctx.index, _id: doc.id, _score: scored ? m.score : null };
  if (body.version === true) hit._version = doc.version;
  if (body.seq_no_primary_term === true) {
    hit._seq_no = doc.seqNo;
    hit._primary_term = doc.primaryTerm;
  }
  const filtered = source(doc.source);
  if (filtered !== undefined) hit._source = filtered;
  if (body.sort !== undefined) hit.sort = renderSortValues(sort, m.keys);
  return hit;
}
