import { EsError, illegalArgument, parsingError, unsupported } from '../errors';
import { formatDate } from '../mapping/dates';
import { FieldDef } from '../mapping/field-types';
import { SearchDoc } from '../store/searchable-segment';
import { compileQuery } from './query-compiler';
import { CompiledQuery, Json, QueryContext, isObject } from './query-types';

/** A matched document with the index context it came from. */
export interface AggDoc {
  doc: SearchDoc;
  ctx: QueryContext;
}

type AggFn = (name: string, params: Json, docs: AggDoc[], sub: Json | undefined) => Json;

const METRICS = new Set(['min', 'max', 'sum', 'avg', 'value_count', 'cardinality', 'stats']);
const KNOWN_UNSUPPORTED = ['date_histogram', 'histogram', 'range', 'date_range', 'filters', 'top_hits', 'nested', 'composite', 'percentiles', 'extended_stats', 'significant_terms', 'multi_terms', 'global', 'missing', 'bucket_sort', 'scripted_metric', 'geo_bounds', 'rare_terms', 'auto_date_histogram', 'sampler', 'top_metrics'];

function fieldOf(docs: AggDoc[], field: string, agg: string): FieldDef | undefined {
  for (const { ctx } of docs) {
    const def = ctx.mapping.field(field);
    if (def) {
      if (def.isText) {
        throw illegalArgument(`Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [${field}] in order to load field data by uninverting the inverted index. Note that this can use significant memory.`);
      }
      if (def.type === 'keyword' && ['min', 'max', 'sum', 'avg', 'stats'].includes(agg)) {
        throw illegalArgument(`Field [${field}] of type [keyword] is not supported for aggregation [${agg}]`);
      }
      return def;
    }
  }
  return undefined;
}

const valuesOf = (d: AggDoc, field: string) => d.doc.fields.get(field)?.values ?? [];

function numbers(docs: AggDoc[], field: string): number[] {
  return docs.flatMap((d) => valuesOf(d, field) as number[]);
}

/** Validates a metric's options as ES parses them: unknown fields and bad values are 400s, never ignored. */
function checkMetricParams(name: string, type: string, params: Json): void {
  for (const key of Object.keys(params)) {
    if (key === 'field') continue;
    if (key === 'precision_threshold' && type === 'cardinality') {
      const t = Number(params.precision_threshold);
      if (!Number.isInteger(t) || t < 0) {
        throw new EsError(400, 'x_content_parse_exception', `[1:2] [cardinality] failed to parse field [precision_threshold]`, {}, {
          type: 'illegal_argument_exception',
          reason: `[precisionThreshold] must be greater than or equal to 0. Found [${String(params.precision_threshold)}] in [${name}]`,
        });
      }
      continue; // honoured trivially: counts are exact below and above any threshold
    }
    if (['format', 'missing', 'script', 'execution_hint', 'rehash'].includes(key)) throw unsupported(`[${type}] aggregation option [${key}]`);
    throw parsingError(`[${type}] unknown field [${key}]`);
  }
}

function metric(name: string, type: string, params: Json, docs: AggDoc[]): Json {
  if (!isObject(params)) throw parsingError(`[${type}] aggregation [${name}] must be an object`);
  checkMetricParams(name, type, params);
  if (params.field === undefined) throw illegalArgument(`Required [field]`);
  const field = String(params.field);
  const def = fieldOf(docs, field, type);
  const isDate = def?.type === 'date';
  const withString = (value: number | null): Json => (isDate && value !== null ? { value, value_as_string: formatDate(value) } : { value });
  if (type === 'value_count') return { value: docs.reduce((n, d) => n + valuesOf(d, field).length, 0) };
  if (type === 'cardinality') return { value: new Set(docs.flatMap((d) => valuesOf(d, field))).size };
  const nums = numbers(docs, field);
  const sum = nums.reduce((a, b) => a + b, 0);
  const min = nums.length ? nums.reduce((a, b) => (b < a ? b : a)) : null;
  const max = nums.length ? nums.reduce((a, b) => (b > a ? b : a)) : null;
  if (type === 'min') return withString(min);
  if (type === 'max') return withString(max);
  if (type === 'sum') return { value: sum };
  if (type === 'avg') return { value: nums.length ? sum / nums.length : null };
  return { count: nums.length, min, max, avg: nums.length ? sum / nums.length : null, sum };
}

function terms(_name: string, params: Json, docs: AggDoc[], sub: Json | undefined): Json {
  for (const key of Object.keys(params)) {
    if (['include', 'exclude', 'script', 'collect_mode', 'execution_hint', 'value_type', 'show_term_doc_count_error'].includes(key)) throw unsupported(`[terms] aggregation parameter [${key}]`);
    if (!['field', 'size', 'shard_size', 'order', 'min_doc_count', 'missing', 'format'].includes(key)) throw parsingError(`[terms] unknown field [${key}]`);
  }
  const field = String(params.field);
  const def = fieldOf(docs, field, 'terms');
  const size = params.size === undefined ? 10 : Number(params.size);
  if (!Number.isInteger(size) || size < 1) throw illegalArgument(`[size] must be greater than 0. Found [${params.size}] in [${_name}]`);
  if (params.min_doc_count !== undefined && Number(params.min_doc_count) < 1) throw unsupported('[terms] min_doc_count 0');
  const groups = new Map<string | number, AggDoc[]>();
  for (const d of docs) {
    let values = [...new Set(valuesOf(d, field))];
    if (values.length === 0 && params.missing !== undefined) values = [params.missing as string | number];
    for (const v of values) {
      const g = groups.get(v);
      if (g) g.push(d);
      else groups.set(v, [d]);
    }
  }
  const minDocCount = params.min_doc_count === undefined ? 1 : Number(params.min_doc_count);
  const buckets = [...groups].filter(([, g]) => g.length >= minDocCount).sort(bucketOrder(params.order));
  const shown = buckets.slice(0, size);
  const other = buckets.slice(size).reduce((n, [, g]) => n + g.length, 0);
  return {
    doc_count_error_upper_bound: 0,
    sum_other_doc_count: other,
    buckets: shown.map(([key, g]) => ({ ...bucketKey(def, key), doc_count: g.length, ...(sub ? runAggregations(sub, g) : {}) })),
  };
}

function bucketKey(def: FieldDef | undefined, key: string | number): Json {
  if (def?.type === 'date') return { key, key_as_string: formatDate(Number(key)) };
  if (def?.type === 'boolean') return { key, key_as_string: key === 1 ? 'true' : 'false' };
  return { key };
}

type Bucket = [string | number, AggDoc[]];

/** Default order: doc_count desc, then key asc (ES's tie-break). */
function bucketOrder(order: unknown): (a: Bucket, b: Bucket) => number {
  const specs = (order === undefined ? [{ _count: 'desc' }] : Array.isArray(order) ? order : [order]) as Json[];
  const cmps = specs.map((s) => {
    const [key, dir] = Object.entries(s)[0] ?? [];
    if (key !== '_count' && key !== '_key') throw unsupported(`[terms] order by [${key}]`);
    const sign = dir === 'desc' ? -1 : 1;
    return (a: Bucket, b: Bucket) => sign * (key === '_count' ? a[1].length - b[1].length : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  });
  cmps.push((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return (a, b) => {
    for (const c of cmps) {
      const r = c(a, b);
      if (r !== 0) return r;
    }
    return 0;
  };
}

function filterAgg(_name: string, params: Json, docs: AggDoc[], sub: Json | undefined): Json {
  const compiled = new Map<QueryContext, CompiledQuery>();
  const kept = docs.filter((d) => {
    let q = compiled.get(d.ctx);
    if (!q) compiled.set(d.ctx, (q = compileQuery(params, d.ctx)));
    return q.score(d.doc) !== undefined;
  });
  return { doc_count: kept.length, ...(sub ? runAggregations(sub, kept) : {}) };
}

const BUCKETS: Record<string, AggFn> = { terms, filter: filterAgg };

/** Runs an `aggs` object over the matched documents (all of them, not just the page). */
export function runAggregations(aggs: Json, docs: AggDoc[]): Json {
  if (!isObject(aggs)) throw parsingError('[aggs] must be an object');
  const out: Json = {};
  for (const [name, def] of Object.entries(aggs)) {
    if (!isObject(def)) throw parsingError(`Expected [START_OBJECT] under [${name}], but got a [VALUE_STRING] in [${name}]`);
    const sub = (def.aggs ?? def.aggregations) as Json | undefined;
    const types = Object.keys(def).filter((k) => k !== 'aggs' && k !== 'aggregations' && k !== 'meta');
    if (types.length !== 1) throw parsingError(`Expected exactly one aggregation type under [${name}], found [${types.join(', ')}]`);
    const type = types[0];
    const params = def[type] as Json;
    if (METRICS.has(type)) {
      if (sub) throw new EsError(400, 'aggregation_initialization_exception', `Aggregator [${name}] of type [${type}] cannot accept sub-aggregations`);
      out[name] = metric(name, type, params, docs);
    } else if (BUCKETS[type]) out[name] = BUCKETS[type](name, params, docs, sub);
    else if (KNOWN_UNSUPPORTED.includes(type)) throw unsupported(`aggregation [${type}]`);
    else throw parsingError(`Unknown aggregation type [${type}]`);
    if (def.meta !== undefined) {
      if (!isObject(def.meta)) throw parsingError(`[meta] of aggregation [${name}] must be an object`);
      // ES echoes an aggregation's meta object, first, in its result.
      out[name] = { meta: def.meta, ...(out[name] as Json) };
    }
  }
  return out;
}
