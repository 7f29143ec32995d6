import { parseDate, parseDateMath } from '../mapping/dates';
import { FieldDef } from '../mapping/field-types';
import { SearchDoc } from '../store/searchable-segment';
import {
  ALL, CompiledQuery, Json, QueryContext, boostOf, checkParams, fieldAndParams, queryShardError, unionCandidates,
} from './query-types';

const NONE: CompiledQuery = { candidates: () => [], estimate: 0, score: () => undefined };

/** The postings key a query value has on a field, normalised the way the field indexes it. */
export function termKey(field: FieldDef, value: unknown, ctx: QueryContext, caseInsensitive = false): string | undefined {
  if (value === null || value === undefined || typeof value === 'object') throw queryShardError(`[term] query value on field [${field.path}] must be a scalar`);
  if (field.type === 'keyword') {
    const text = String(value);
    const normalized = field.normalizer ? (ctx.analysis.normalizer(field.normalizer).analyze(text)[0]?.term ?? '') : text;
    return caseInsensitive ? normalized.toLowerCase() : normalized;
  }
  if (field.isText) return caseInsensitive ? String(value).toLowerCase() : String(value);
  if (field.isNumeric) {
    const n = Number(value);
    if (typeof value === 'boolean' || !Number.isFinite(n) || String(value).trim() === '') throw queryShardError(`failed to create query: For input string: "${String(value)}"`);
    return String(n);
  }
  if (field.type === 'date') {
    const ms = parseDateMath(value, field.format, ctx.now);
    if (ms === undefined) throw queryShardError(`failed to parse date field [${String(value)}] with format [${field.format ?? 'strict_date_optional_time||epoch_millis'}]`);
    return String(ms);
  }
  if (value === true || value === 'true') return 'true';
  if (value === false || value === 'false') return 'false';
  throw queryShardError(`Can't parse boolean value [${String(value)}], expected [true] or [false]`);
}

/** BM25 idf of a term, Lucene's formula (deleted documents still count, as in Lucene). */
export function idf(ctx: QueryContext, field: string, docFreq: number): number {
  const n = ctx.segment.fieldStats(field).docCount;
  return Math.log(1 + (n - docFreq + 0.5) / (docFreq + 0.5));
}

function hasKey(doc: SearchDoc, field: string, key: string, caseInsensitive: boolean): boolean {
  const keys = doc.fields.get(field)?.keys;
  if (!keys) return false;
  return caseInsensitive ? keys.some((k) => k.toLowerCase() === key) : keys.includes(key);
}

function keysQuery(ctx: QueryContext, field: FieldDef, keys: string[], boost: number, caseInsensitive = false): CompiledQuery {
  const lists = caseInsensitive
    ? [...(ctx.segment.termsOf(field.path) ?? new Map<string, number[]>())].filter(([t]) => keys.includes(t.toLowerCase())).map(([, l]) => l)
    : keys.map((k) => ctx.segment.postingsFor(field.path, k));
  const weight = keys.length === 1 ? boost * idf(ctx, field.path, lists[0]?.length ?? 0) * (1 / 2.2) : boost;
  return {
    candidates: () => (lists.length === 1 ? lists[0] : unionCandidates(lists)),
    estimate: lists.reduce((n, l) => n + l.length, 0),
    score: (doc) => (keys.some((k) => hasKey(doc, field.path, k, caseInsensitive)) ? weight : undefined),
    // One term's postings list is exactly its matches (keys are unique per document).
    ...(lists.length === 1 && !caseInsensitive ? { exact: lists[0] } : {}),
  };
}

export function termQuery(body: unknown, ctx: QueryContext): CompiledQuery {
  const { field, params } = fieldAndParams('term', body, 'value');
  checkParams('term', params, ['value', 'case_insensitive']);
  const def = fieldDef(ctx, field);
  if (!def) return NONE;
  const ci = params.case_insensitive === true;
  const key = termKey(def, params.value, ctx, ci);
  return key === undefined ? NONE : keysQuery(ctx, def, [key], boostOf(params), ci);
}

export function termsQuery(body: unknown, ctx: QueryContext): CompiledQuery {
  const params = { ...(body as Json) };
  const boost = boostOf(params);
  delete params.boost;
  delete params._name;
  const entries = Object.entries(params);
  if (entries.length !== 1 || !Array.isArray(entries[0][1])) {
    throw queryShardError(`[terms] query requires exactly one field with an array of values (terms lookup is not supported)`);
  }
  const def = fieldDef(ctx, entries[0][0]);
  if (!def) return NONE;
  const keys = (entries[0][1] as unknown[]).map((v) => termKey(def, v, ctx)).filter((k): k is string => k !== undefined);
  return keysQuery(ctx, def, keys, boost);
}

export function idsQuery(body: unknown, ctx: QueryContext): CompiledQuery {
  const params = body as Json;
  checkParams('ids', params, ['values']);
  const values = (params.values as unknown[] | undefined) ?? [];
  const lists = values.map((v) => ctx.segment.postingsFor('_id', String(v)));
  const ids = new Set(values.map(String));
  const boost = boostOf(params);
  return { candidates: () => unionCandidates(lists), estimate: lists.reduce((n, l) => n + l.length, 0), score: (d) => (ids.has(d.doc.id) ? boost : undefined) };
}

export function prefixQuery(body: unknown, ctx: QueryContext): CompiledQuery {
  const { field, params } = fieldAndParams('prefix', body, 'value');
  checkParams('prefix', params, ['value', 'case_insensitive', 'rewrite']);
  const def = fieldDef(ctx, field);
  if (!def) return NONE;
  const ci = params.case_insensitive === true;
  const prefix = def.type === 'keyword' ? (termKey(def, params.value, ctx, ci) ?? '') : String(params.value);
  return prefixTerms(ctx, def.path, ci ? prefix.toLowerCase() : prefix, boostOf(params), ci);
}

/** Every indexed term starting with `prefix`, as one constant-score disjunction. */
export function prefixTerms(ctx: QueryContext, field: string, prefix: string, boost: number, caseInsensitive = false, maxExpansions = ALL): CompiledQuery {
  const terms = [...(ctx.segment.termsOf(field) ?? new Map<string, number[]>())]
    .filter(([t]) => (caseInsensitive ? t.toLowerCase() : t).startsWith(prefix))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, maxExpansions);
  const set = new Set(terms.map(([t]) => t));
  return {
    candidates: () => unionCandidates(terms.map(([, l]) => l)),
    estimate: terms.reduce((n, [, l]) => n + l.length, 0),
    score: (doc) => (doc.fields.get(field)?.keys.some((k) => set.has(k)) ? boost : undefined),
  };
}

export function existsQuery(body: unknown, ctx: QueryContext): CompiledQuery {
  const params = body as Json;
  checkParams('exists', params, ['field']);
  const field = String(params.field);
  const boost = boostOf(params);
  const has = (doc: SearchDoc, path: string) => (doc.fields.get(path)?.keys.length ?? 0) > 0 || (doc.fields.get(path)?.length ?? 0) > 0;
  const paths = ctx.mapping.field(field) ? [field] : ctx.mapping.allFields().map((f) => f.path).filter((p) => p.startsWith(`${field}.`));
  return { candidates: () => undefined, estimate: ALL, score: (doc) => (paths.some((p) => has(doc, p)) ? boost : undefined) };
}

export function rangeQuery(body: unknown, ctx: QueryContext): CompiledQuery {
  const { field, params } = fieldAndParams('range', body, 'gte');
  checkParams('range', params, ['gt', 'gte', 'lt', 'lte', 'format', 'time_zone', 'relation'], ['from', 'to', 'include_lower', 'include_upper']);
  if (params.time_zone !== undefined && params.time_zone !== 'UTC' && params.time_zone !== 'Z') throw queryShardError('[range] time_zone other than UTC is not supported by the embedded Elasticsearch stand-in');
  const def = fieldDef(ctx, field);
  if (!def) return NONE;
  const bound = (v: unknown) => {
    if (v === undefined || v === null) return undefined;
    if (def.isNumeric) return Number(termKey(def, v, ctx));
    if (def.type === 'date') {
      const ms = parseDateMath(v, params.format === undefined ? def.format : String(params.format), ctx.now) ?? parseDate(v);
      if (ms === undefined) throw queryShardError(`failed to parse date field [${String(v)}]`);
      return ms;
    }
    return String(v);
  };
  const [gt, gte, lt, lte] = [bound(params.gt), bound(params.gte), bound(params.lt), bound(params.lte)];
  const inRange = (v: string | number) =>
    (gt === undefined || v > gt) && (gte === undefined || v >= gte) && (lt === undefined || v < lt) && (lte === undefined || v <= lte);
  const boost = boostOf(params);
  const useKeys = def.isText;
  return {
    candidates: () => undefined,
    estimate: ALL,
    score: (doc) => {
      const f = doc.fields.get(def.path);
      if (!f) return undefined;
      return (useKeys ? f.keys : f.values).some(inRange) ? boost : undefined;
    },
  };
}

export function matchAll(body: unknown): CompiledQuery {
  const params = (body ?? {}) as Json;
  checkParams('match_all', params, []);
  const boost = boostOf(params);
  return { candidates: () => undefined, estimate: ALL, score: () => boost };
}

export const matchNone = (): CompiledQuery => NONE;

/** Unmapped fields match nothing, as in ES. */
export function fieldDef(ctx: QueryContext, field: string): FieldDef | undefined {
  if (field === '_id') return { path: '_id', type: 'keyword', analyzer: 'keyword', searchAnalyzer: 'keyword', indexed: true, docValues: true, isText: false, isNumeric: false, multiFields: [] };
  return ctx.mapping.field(field);
}
