import { EsError, mapperParsing, unsupported } from '../errors';
import { validateDateFormat } from './dates';

export const NUMERIC_TYPES = new Set(['long', 'integer', 'short', 'byte', 'double', 'float', 'half_float', 'scaled_float', 'unsigned_long']);
export const INTEGER_TYPES = new Set(['long', 'integer', 'short', 'byte', 'unsigned_long']);
const LEAF_TYPES = new Set(['text', 'keyword', 'date', 'boolean', ...NUMERIC_TYPES]);
const UNSUPPORTED_TYPES = new Set(['nested', 'flattened', 'geo_point', 'geo_shape', 'ip', 'dense_vector', 'join', 'search_as_you_type', 'completion', 'wildcard', 'constant_keyword', 'match_only_text', 'alias']);

/** Parameters accepted per type; anything else fails like ES's "unknown parameter". */
const COMMON = ['type', 'index', 'store', 'fields', 'boost', 'meta'];
const PARAMS: Record<string, string[]> = {
  text: [...COMMON, 'analyzer', 'search_analyzer', 'search_quote_analyzer', 'norms', 'fielddata', 'index_options', 'position_increment_gap', 'term_vector', 'similarity', 'eager_global_ordinals'],
  keyword: [...COMMON, 'normalizer', 'ignore_above', 'doc_values', 'null_value', 'eager_global_ordinals', 'norms', 'split_queries_on_whitespace', 'similarity', 'index_options'],
  date: [...COMMON, 'format', 'doc_values', 'null_value', 'ignore_malformed', 'locale'],
  boolean: [...COMMON, 'doc_values', 'null_value'],
  numeric: [...COMMON, 'doc_values', 'null_value', 'coerce', 'ignore_malformed', 'scaling_factor'],
};

/** A leaf field, compiled from its mapping JSON. Multi-fields are their own FieldDefs. */
export interface FieldDef {
  path: string;
  type: string;
  analyzer: string;
  searchAnalyzer: string;
  normalizer?: string;
  ignoreAbove?: number;
  format?: string;
  nullValue?: unknown;
  indexed: boolean;
  docValues: boolean;
  /** Text fields cannot be sorted or aggregated (no fielddata), as in ES. */
  isText: boolean;
  isNumeric: boolean;
  /** Multi-fields (`fields`) indexed from the same value, e.g. `name.keyword`. */
  multiFields: FieldDef[];
}

export type Json = Record<string, unknown>;

export function isObjectMapping(def: Json): boolean {
  return def.type === undefined || def.type === 'object';
}

/** Validates one property definition (recursively), throwing ES's mapper_parsing_exception. */
export function validateProperty(path: string, def: Json): void {
  const name = path.slice(path.lastIndexOf('.') + 1);
  // ObjectMapper.TypeParser refuses these; the create/put mapping call wraps it as mapper_parsing_exception.
  if (name === '') throw new EsError(400, 'mapper_parsing_exception', 'Failed to parse mapping: field name cannot be an empty string', {}, { type: 'illegal_argument_exception', reason: 'field name cannot be an empty string' });
  if (name.trim() === '') {
    const reason = `field name cannot contain only whitespace: ['${name}']`;
    throw new EsError(400, 'mapper_parsing_exception', `Failed to parse mapping: ${reason}`, {}, { type: 'illegal_argument_exception', reason });
  }
  if (typeof def !== 'object' || def === null || Array.isArray(def)) {
    throw mapperParsing(`Expected map for property [fields] on field [${path}] but got a ${typeof def}`);
  }
  const type = def.type === undefined ? 'object' : String(def.type);
  if ('copy_to' in def) throw unsupported(`copy_to (field [${path}])`);
  if (UNSUPPORTED_TYPES.has(type)) throw unsupported(`field type [${type}] (field [${path}])`);
  if (type === 'object') {
    for (const key of Object.keys(def)) {
      if (!['type', 'properties', 'dynamic', 'enabled'].includes(key)) {
        throw mapperParsing(`unknown parameter [${key}] on mapper [${path}] of type [object]`);
      }
    }
    if (def.dynamic !== undefined) validateDynamic(def.dynamic);
    for (const [name, child] of Object.entries((def.properties as Json | undefined) ?? {})) {
      validateProperty(`${path}.${name}`, child as Json);
    }
    return;
  }
  if (!LEAF_TYPES.has(type)) throw mapperParsing(`No handler for type [${type}] declared on field [${path}]`);
  const allowed = PARAMS[NUMERIC_TYPES.has(type) ? 'numeric' : type];
  for (const key of Object.keys(def)) {
    if (!allowed.includes(key)) throw mapperParsing(`unknown parameter [${key}] on mapper [${path}] of type [${type}]`);
  }
  if (def.fielddata === true || def.fielddata === 'true') throw unsupported(`fielddata on text field [${path}]`);
  if (type === 'date' && def.format !== undefined) validateDateFormat(String(def.format));
  for (const [name, sub] of Object.entries((def.fields as Json | undefined) ?? {})) {
    const subDef = sub as Json;
    if (subDef.type === undefined || subDef.type === 'object') {
      throw mapperParsing(`Type [object] cannot be used in multi field [${path}.${name}]`);
    }
    validateProperty(`${path}.${name}`, subDef);
  }
}

export function validateDynamic(value: unknown): void {
  if (![true, false, 'true', 'false', 'strict'].includes(value as string)) {
    if (value === 'runtime') throw unsupported('dynamic [runtime]');
    throw mapperParsing(`Could not convert [dynamic] to boolean`);
  }
}

export function compileLeaf(path: string, def: Json): FieldDef {
  const type = String(def.type);
  const analyzer = String(def.analyzer ?? 'default');
  return {
    path,
    type,
    analyzer,
    searchAnalyzer: String(def.search_analyzer ?? analyzer),
    normalizer: def.normalizer === undefined ? undefined : String(def.normalizer),
    ignoreAbove: def.ignore_above === undefined ? undefined : Number(def.ignore_above),
    format: def.format === undefined ? undefined : String(def.format),
    nullValue: def.null_value,
    indexed: def.index !== false && def.index !== 'false',
    docValues: def.doc_values !== false && def.doc_values !== 'false',
    isText: type === 'text',
    isNumeric: NUMERIC_TYPES.has(type),
    multiFields: [],
  };
}
