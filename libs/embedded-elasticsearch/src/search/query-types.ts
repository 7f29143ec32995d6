import { AnalysisRegistry } from '../analysis/analysis-registry';
import { EsError, parsingError, unsupported } from '../errors';
import { Mapping } from '../mapping/mapping';
import { SearchDoc, SearchableSegment } from '../store/searchable-segment';

/** What a compiled query needs from the index it runs on. */
export interface QueryContext {
  index: string;
  segment: SearchableSegment;
  mapping: Mapping;
  analysis: AnalysisRegistry;
  now: number;
  /**
   * The search shows no score (sorted by fields without track_scores, no min_score, no
   * aggregations): a clause whose postings already decided the match need not be scored.
   */
  scoresUnused?: boolean;
}

/**
 * A query compiled against one index. `candidates` narrows the documents to look at
 * (postings of a term, ids...) so a filtered search does not scan the index;
 * `score` decides a match (undefined = no match) and scores it.
 */
export interface CompiledQuery {
  /** Doc numbers that may match, or undefined when only a full scan can tell. */
  candidates(): Iterable<number> | undefined;
  /** Upper bound of candidates, to pick the cheapest clause to drive a bool. */
  estimate: number;
  score(doc: SearchDoc): number | undefined;
  /**
   * Set only when it is exactly the set of matching documents: ascending doc numbers (dead
   * or not-yet-visible ones included, as in postings). A bool intersects these lists
   * instead of asking each clause about each candidate.
   */
  exact?: readonly number[];
  /**
   * Ascending postings lists every matching document is in (a superset each, not exact):
   * a match whose every term is required. A bool intersects them with its exact filters.
   */
  within?: ReadonlyArray<readonly number[]>;
  /**
   * Scores a document that came out of this query's own candidates(), skipping the checks
   * those candidates already guarantee. Absent: score() is used.
   */
  scoreCandidate?(doc: SearchDoc): number | undefined;
}

export type Json = Record<string, unknown>;

export const ALL = Number.POSITIVE_INFINITY;

export const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `{field: value}` or `{field: {value, ...}}` forms of field-level queries. */
export function fieldAndParams(type: string, body: unknown, valueKey: string): { field: string; params: Json } {
  if (!isObject(body)) throw parsingError(`[${type}] query malformed, no start_object after query name`);
  const entries = Object.entries(body).filter(([k]) => k !== 'boost' && k !== '_name');
  const boostOutside = body.boost;
  if (entries.length !== 1) {
    throw parsingError(`[${type}] query doesn't support multiple fields, found [${entries.map(([k]) => k).join('] and [')}]`);
  }
  const [field, raw] = entries[0];
  const params: Json = isObject(raw) ? { ...raw } : { [valueKey]: raw };
  if (boostOutside !== undefined && params.boost === undefined) params.boost = boostOutside;
  return { field, params };
}

/** Unknown params fail like ES ("does not support"); known-but-unimplemented ones fail as unsupported. */
export function checkParams(type: string, params: Json, allowed: string[], unimplemented: string[] = []): void {
  for (const key of Object.keys(params)) {
    if (allowed.includes(key) || key === 'boost' || key === '_name') continue;
    if (unimplemented.includes(key)) throw unsupported(`[${type}] query parameter [${key}]`);
    throw parsingError(`[${type}] query does not support [${key}]`);
  }
}

export function boostOf(params: Json): number {
  const b = params.boost === undefined ? 1 : Number(params.boost);
  if (!Number.isFinite(b) || b < 0) throw parsingError(`[boost] must be a non-negative number`);
  return b;
}

export const queryShardError = (reason: string) => new EsError(400, 'query_shard_exception', reason);

/**
 * ES's minimum_should_match (Queries.calculateMinShouldMatch): integers, negative integers and
 * percentages, floored at 0 but not capped: more than `optional` means nothing can match.
 */
export function minimumShouldMatch(spec: unknown, optional: number): number {
  if (spec === undefined || spec === null) return optional > 0 ? 1 : 0;
  const text = String(spec).trim();
  let n: number;
  const pct = /^(-?\d+(?:\.\d+)?)%$/.exec(text);
  if (pct) {
    const p = Number(pct[1]);
    n = p < 0 ? optional - Math.floor((optional * -p) / 100) : Math.floor((optional * p) / 100);
  } else if (/^-?\d+$/.test(text)) {
    const k = Number(text);
    n = k < 0 ? optional + k : k;
  } else {
    throw unsupported(`minimum_should_match [${text}]`);
  }
  return Math.max(0, n);
}

export function unionCandidates(lists: Array<Iterable<number> | undefined>): Iterable<number> | undefined {
  if (lists.some((l) => l === undefined)) return undefined;
  const set = new Set<number>();
  for (const l of lists) for (const n of l as Iterable<number>) set.add(n);
  return set;
}

/**
 * The doc numbers present in every list (each ascending, without duplicates), ascending.
 * Drives from the shortest list and gallops through the others, so a division filter
 * intersected with index-wide lists costs about its own length times a few probes.
 */
export function intersectSorted(lists: ReadonlyArray<readonly number[]>): number[] {
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  const [driver, ...others] = sorted;
  if (!driver) return [];
  const cursors = new Array<number>(others.length).fill(0);
  const out: number[] = [];
  outer: for (const num of driver) {
    for (let i = 0; i < others.length; i++) {
      const list = others[i];
      const at = gallopTo(list, cursors[i], num);
      cursors[i] = at;
      if (at >= list.length) break outer;
      if (list[at] !== num) continue outer;
    }
    out.push(num);
  }
  return out;
}

/** The first index at or after `from` whose value is >= `target` (exponential then binary search). */
function gallopTo(list: readonly number[], from: number, target: number): number {
  let step = 1;
  let hi = from;
  while (hi < list.length && list[hi] < target) {
    from = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = Math.min(hi, list.length);
  while (from < hi) {
    const mid = (from + hi) >> 1;
    if (list[mid] < target) from = mid + 1;
    else hi = mid;
  }
  return from;
}
