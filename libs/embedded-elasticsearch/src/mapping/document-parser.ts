import { AnalysisRegistry } from '../analysis/analysis-registry';
import { EsError, documentParsing } from '../errors';
import { parseDate, parseIsoDate } from './dates';
import { FieldDef, INTEGER_TYPES, Json } from './field-types';
import { Mapping, addLeaf } from './mapping';

/** What one document contributes to one field's index structures. */
export interface IndexedField {
  /** Distinct terms for the inverted index (postings). */
  keys: string[];
  /** Doc values for sort, range and aggregations (absent for text). */
  values: Array<string | number>;
  /** Text only: term -> positions, and the token count (BM25 length norm). */
  positions?: Map<string, number[]>;
  length: number;
}

export type IndexedFields = Map<string, IndexedField>;

export interface ParsedDocument {
  fields: IndexedFields;
  /** Dynamic mapping additions, merged into the index mapping only if the whole document parses. */
  mappingUpdate?: Json;
}

const POSITION_GAP = 100; // ES position_increment_gap between values of an array

/** Turns a _source into indexed fields, applying dynamic mapping as ES does. */
export class DocumentParser {
  private readonly pending = new Map<string, FieldDef>();
  private readonly pendingJson = new Map<string, Json>();
  private readonly fields: IndexedFields = new Map();

  constructor(
    private readonly mapping: Mapping,
    private readonly analysis: AnalysisRegistry,
    private readonly id: string,
  ) {}

  parse(source: Json): ParsedDocument {
    this.walk(source, '');
    return { fields: this.fields, mappingUpdate: this.pendingJson.size > 0 ? this.buildUpdate() : undefined };
  }

  private walk(obj: Json, prefix: string): void {
    for (const [key, value] of Object.entries(obj)) {
      if (key === '') throw documentParsing(`field name cannot be an empty string`);
      this.value(prefix + key, value, prefix.slice(0, -1));
    }
  }

  private value(path: string, value: unknown, parent: string): void {
    // `enabled: false`: whatever the value (object, array, concrete), it is only kept in _source.
    if (this.mapping.isDisabled(path)) return;
    if (Array.isArray(value)) {
      for (const v of value) this.value(path, v, parent);
      return;
    }
    const leaf = this.mapping.field(path) ?? this.pending.get(path);
    if (value !== null && typeof value === 'object') {
      if (leaf) throw this.fail(leaf, value, `Can't get text on a START_OBJECT`);
      if (!this.mapping.isObject(path) && !this.allowNew(path, parent)) return;
      this.walk(value as Json, `${path}.`);
      return;
    }
    if (!leaf) {
      if (this.mapping.isObject(path)) {
        throw documentParsing(`object mapping for [${path}] tried to parse field [${path}] as object, but found a concrete value`);
      }
      if (value === null || !this.allowNew(path, parent)) return;
      this.index(this.addDynamic(path, value), value);
      return;
    }
    this.index(leaf, value);
  }

  /** Applies `dynamic` of the enclosing object: true adds, false ignores, strict rejects. */
  private allowNew(path: string, parent: string): boolean {
    const dynamic = this.mapping.dynamicAt(parent);
    if (dynamic === 'strict') {
      const name = path.slice(path.lastIndexOf('.') + 1);
      throw new EsError(400, 'strict_dynamic_mapping_exception', `[1:2] mapping set to strict, dynamic introduction of [${name}] within [${parent || '_doc'}] is not allowed`);
    }
    return dynamic !== 'false';
  }

  private addDynamic(path: string, value: unknown): FieldDef {
    const json = inferMapping(value);
    this.pendingJson.set(path, json);
    const scratch = new Map<string, FieldDef>();
    const leaf = addLeaf(scratch, path, json, this.analysis);
    for (const [sub, subDef] of Object.entries((json.fields as Json) ?? {})) {
      leaf.multiFields.push(addLeaf(scratch, `${path}.${sub}`, subDef as Json, this.analysis));
    }
    for (const [p, f] of scratch) this.pending.set(p, f);
    return leaf;
  }

  private index(field: FieldDef, raw: unknown): void {
    const value = raw === null ? field.nullValue : raw;
    if (value === null || value === undefined) return;
    if (field.indexed || field.docValues) this.indexOne(field, value);
    for (const sub of field.multiFields) this.indexOne(sub, value);
  }

  private indexOne(field: FieldDef, value: unknown): void {
    const entry = this.entry(field.path);
    if (field.isText) {
      const tokens = this.analysis.analyzer(field.analyzer).analyze(String(value));
      const base = entry.length === 0 ? 0 : entry.length + POSITION_GAP;
      entry.positions ??= new Map();
      for (const t of tokens) {
        const list = entry.positions.get(t.term);
        if (list) list.push(base + t.position);
        else {
          entry.positions.set(t.term, [base + t.position]);
          entry.keys.push(t.term);
        }
      }
      entry.length = base + (tokens.length ? tokens[tokens.length - 1].position + 1 : 0);
      return;
    }
    const [key, docValue] = this.convert(field, value);
    if (key === undefined) return;
    if (!entry.keys.includes(key)) entry.keys.push(key);
    entry.values.push(docValue);
    entry.length++;
  }

  /** A scalar as [postings key, doc value]; undefined key = not indexed (ignore_above). */
  private convert(field: FieldDef, value: unknown): [string | undefined, string | number] {
    if (field.type === 'keyword') {
      const text = String(value);
      if (field.ignoreAbove !== undefined && text.length > field.ignoreAbove) return [undefined, text];
      const term = field.normalizer ? (this.analysis.normalizer(field.normalizer).analyze(text)[0]?.term ?? '') : text;
      return [term, term];
    }
    if (field.isNumeric) {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n)) throw this.fail(field, value, `For input string: "${String(value)}"`);
      const stored = INTEGER_TYPES.has(field.type) ? Math.trunc(n) : n;
      return [String(stored), stored];
    }
    if (field.type === 'date') {
      const ms = parseDate(value, field.format);
      if (ms === undefined) throw this.fail(field, value, `failed to parse date field [${String(value)}] with format [${field.format ?? 'strict_date_optional_time||epoch_millis'}]`);
      return [String(ms), ms];
    }
    // boolean
    if (value === true || value === 'true') return ['true', 1];
    if (value === false || value === 'false' || value === '') return ['false', 0];
    throw this.fail(field, value, `Failed to parse value [${String(value)}] as only [true] or [false] are allowed.`);
  }

  private fail(field: FieldDef, value: unknown, cause: string): EsError {
    const preview = typeof value === 'object' ? JSON.stringify(value) : String(value);
    return documentParsing(
      `[1:2] failed to parse field [${field.path}] of type [${field.type}] in document with id '${this.id}'. Preview of field's value: '${preview}'`,
      { type: 'illegal_argument_exception', reason: cause },
    );
  }

  private entry(path: string): IndexedField {
    let e = this.fields.get(path);
    if (!e) this.fields.set(path, (e = { keys: [], values: [], length: 0 }));
    return e;
  }

  private buildUpdate(): Json {
    const root: Json = { properties: {} };
    for (const [path, def] of this.pendingJson) {
      const parts = path.split('.');
      let props = root.properties as Json;
      for (const part of parts.slice(0, -1)) {
        props[part] ??= { properties: {} };
        const obj = props[part] as Json;
        obj.properties ??= {};
        props = obj.properties as Json;
      }
      props[parts[parts.length - 1]] = def;
    }
    return root;
  }
}

/** ES's dynamic field mapping for a JSON value. */
export function inferMapping(value: unknown): Json {
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'long' : 'float' };
  const text = String(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && parseIsoDate(text) !== undefined) return { type: 'date' };
  return { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } };
}
