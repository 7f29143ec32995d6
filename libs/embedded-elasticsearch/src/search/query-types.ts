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
