import { EsError, illegalArgument, parsingError } from '../errors';
import { FieldDef, INTEGER_TYPES } from '../mapping/field-types';
import { Mapping } from '../mapping/mapping';
import { SearchDoc } from '../store/searchable-segment';
import { isObject } from './query-types';

export type SortValue = string | number | null;

export interface SortField {
  kind: 'score' | 'doc' | 'field';
  field: string;
  desc: boolean;
  /** Where documents without a value go; a literal stands in for the missing value. */
  missing: '_first' | '_last' | SortValue;
  mode: 'min' | 'max';
  def?: FieldDef;
}

/** Long.MAX_VALUE / MIN_VALUE: the sort values ES returns for a missing numeric or date. */
const LONG_MAX = 2 ** 63;

const fielddataError = (field: string) =>
  illegalArgument(
    `Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [${field}] in order to load field data by uninverting the inverted index. Note that this can use significant memory.`,
  );

/** Parses `sort` in all its ES forms against the mappings of the searched indices. */
export function parseSort(spec: unknown, mappings: Mapping[]): SortField[] {
  if (spec === undefined) return [{ kind: 'score', field: '_score', desc: true, missing: '_last', mode: 'max' }];
  const list = Array.isArray(spec) ? spec : [spec];
  return list.map((entry) => {
    if (typeof entry === 'string') return sortField(entry, {}, mappings);
    if (!isObject(entry) || Object.keys(entry).length !== 1) throw parsingError(`[sort] malformed: expected a field name or {field: options}`);
    const [field, opts] = Object.entries(entry)[0];
    return sortField(field, typeof opts === 'string' ? { order: opts } : (opts as Record<string, unknown>), mappings);
  });
}

function sortField(field: string, opts: Record<string, unknown>, mappings: Mapping[]): SortField {
  for (const key of Object.keys(opts)) {
    if (!['order', 'missing', 'mode', 'unmapped_type', 'format', 'numeric_type'].includes(key)) throw parsingError(`[field_sort] unknown field [${key}]`);
  }
  const order = String(opts.order ?? (field === '_score' ? 'desc' : 'asc'));
  if (order !== 'asc' && order !== 'desc') throw illegalArgument(`Unknown SortOrder [${order}]`);
  const desc = order === 'desc';
  if (field === '_score' || field === '_doc') return { kind: field === '_score' ? 'score' : 'doc', field, desc, missing: '_last', mode: desc ? 'max' : 'min' };
  const defs = mappings.map((m) => m.field(field)).filter((d): d is FieldDef => d !== undefined);
  if (defs.length === 0 && opts.unmapped_type === undefined) {
    throw new EsError(400, 'query_shard_exception', `No mapping found for [${field}] in order to sort on`);
  }
  const def = defs[0];
  if (def?.isText) throw fielddataError(field);
  const mode = opts.mode === undefined ? (desc ? 'max' : 'min') : String(opts.mode);
  if (mode !== 'min' && mode !== 'max') throw illegalArgument(`sort mode [${mode}] is not supported by the embedded Elasticsearch stand-in`);
  const missing = opts.missing === undefined ? '_last' : (opts.missing as SortField['missing']);
  return { kind: 'field', field, desc, missing: missing === '_first' || missing === '_last' ? missing : coerce(def, missing), mode, def };
}

function coerce(def: FieldDef | undefined, v: unknown): SortValue {
  if (v === null || v === undefined) return null;
  if (def && (def.isNumeric || def.type === 'date' || def.type === 'boolean')) {
    const n = typeof v === 'boolean' ? Number(v) : Number(v);
    if (!Number.isFinite(n)) throw illegalArgument(`failed to parse sort value [${String(v)}] for field [${def.path}]`);
    return n;
  }
  return String(v);
}

/** The value a document sorts by on one field (min for asc, max for desc), null when missing. */
export function sortValue(sf: SortField, doc: SearchDoc, score: number): SortValue {
  if (sf.kind === 'score') return score;
  if (sf.kind === 'doc') return doc.num;
  const values = doc.fields.get(sf.field)?.values;
  if (!values || values.length === 0) return sf.missing === '_first' || sf.missing === '_last' ? null : sf.missing;
  let best = values[0];
  for (const v of values) if (sf.mode === 'min' ? v < best : v > best) best = v;
  return best;
}

/** Compares two sort-value tuples in result order; negative = a first. */
export function compareKeys(fields: SortField[], a: SortValue[], b: SortValue[]): number {
  for (let i = 0; i < fields.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    const sf = fields[i];
    // Missing values go where `missing` says, whatever the order, as in ES.
    if (x === null) return sf.missing === '_first' ? -1 : 1;
    if (y === null) return sf.missing === '_first' ? 1 : -1;
    const c = x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return sf.desc ? -c : c;
  }
  return 0;
}

/** Sort values as ES renders them in hits[].sort (missing numerics become Long.MIN/MAX). */
export function renderSortValues(fields: SortField[], keys: SortValue[]): SortValue[] {
  return keys.map((v, i) => {
    const sf = fields[i];
    if (v !== null || sf.kind !== 'field' || !sf.def) return v;
    if (sf.def.isNumeric || sf.def.type === 'date' || sf.def.type === 'boolean') {
      const high = (sf.missing === '_last') !== sf.desc;
      return high ? LONG_MAX : -LONG_MAX;
    }
    return null;
  });
}

/** Parses search_after back into comparable keys (Long.MIN/MAX mean "missing"). */
export function parseSearchAfter(fields: SortField[], after: unknown): SortValue[] {
  if (!Array.isArray(after)) throw parsingError('[search_after] must be an array');
  if (after.length !== fields.length) {
    throw illegalArgument(`search_after has ${after.length} value(s) but sort has ${fields.length}.`);
  }
  return after.map((v, i) => {
    const sf = fields[i];
    if (v === null) return null;
    if (sf.kind !== 'field' || (sf.def && (sf.def.isNumeric || sf.def.type === 'date' || sf.def.type === 'boolean'))) {
      const n = typeof v === 'boolean' ? Number(v) : Number(v);
      if (!Number.isFinite(n)) throw illegalArgument(`Failed to parse search_after value [${String(v)}] for field [${sf.field}]`);
      if (Math.abs(n) >= LONG_MAX) return null;
      return sf.def && INTEGER_TYPES.has(sf.def.type) ? Math.trunc(n) : n;
    }
    return String(v);
  });
}
