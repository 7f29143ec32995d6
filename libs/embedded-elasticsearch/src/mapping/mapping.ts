import { illegalArgument, mapperParsing } from '../errors';
import { AnalysisRegistry } from '../analysis/analysis-registry';
import { FieldDef, Json, compileLeaf, isObjectMapping, validateDynamic, validateProperty } from './field-types';

export type Dynamic = 'true' | 'false' | 'strict';

const ROOT_KEYS = new Set(['properties', 'dynamic', '_source', '_meta', 'date_detection', 'numeric_detection', 'dynamic_templates', '_routing']);

/**
 * One index's mapping: the JSON ES would return, plus compiled leaf fields by dotted
 * path (multi-fields included, e.g. `name.keyword`). Changes go through merge(), which
 * refuses type changes like ES.
 */
export class Mapping {
  private root: Json = {};
  private fields = new Map<string, FieldDef>();
  private objects = new Map<string, Dynamic>();
  private disabled = new Set<string>();

  constructor(
    private readonly analysis: AnalysisRegistry,
    initial?: Json,
  ) {
    if (initial) this.merge(initial);
  }

  toJSON(): Json {
    return structuredClone(this.root);
  }

  field(path: string): FieldDef | undefined {
    return this.fields.get(path);
  }

  allFields(): FieldDef[] {
    return [...this.fields.values()];
  }

  isObject(path: string): boolean {
    return this.objects.has(path);
  }

  /** An object mapped with `enabled: false`: ES keeps its value in _source and does not parse it at all. */
  isDisabled(path: string): boolean {
    return this.disabled.has(path);
  }

  /** The effective `dynamic` setting for new fields under an object path ('' = root). */
  dynamicAt(objectPath: string): Dynamic {
    for (let p = objectPath; ; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
      const own = this.objects.get(p);
      if (own) return own;
      if (p === '') return 'true';
    }
  }

  /** Merges a mapping (put mapping, create, or dynamic additions); throws before changing anything. */
  merge(incoming: Json): boolean {
    validateRoot(incoming);
    const next = structuredClone(this.root);
    if (incoming.dynamic !== undefined) next.dynamic = incoming.dynamic;
    for (const key of ['_source', '_meta', 'date_detection', 'numeric_detection', '_routing']) {
      if (incoming[key] !== undefined) next[key] = incoming[key];
    }
    if (incoming.properties) {
      next.properties = mergeProperties((next.properties as Json) ?? {}, incoming.properties as Json, '');
    }
    const compiled = compile(next, this.analysis);
    const changed = JSON.stringify(next) !== JSON.stringify(this.root);
    this.root = next;
    this.fields = compiled.fields;
    this.objects = compiled.objects;
    this.disabled = compiled.disabled;
    return changed;
  }
}

function validateRoot(mapping: Json): void {
  for (const key of Object.keys(mapping)) {
    if (key === 'dynamic_templates' && Array.isArray(mapping[key]) && (mapping[key] as unknown[]).length === 0) continue;
    if (!ROOT_KEYS.has(key) || key === 'dynamic_templates') {
      throw mapperParsing(`Root mapping definition has unsupported parameters:  [${key} : ${JSON.stringify(mapping[key])}]`);
    }
  }
  if (mapping.dynamic !== undefined) validateDynamic(mapping.dynamic);
  for (const [name, def] of Object.entries((mapping.properties as Json | undefined) ?? {})) validateProperty(name, def as Json);
}

function mergeProperties(current: Json, incoming: Json, prefix: string): Json {
  const out: Json = { ...current };
  for (const [name, def] of Object.entries(incoming) as Array<[string, Json]>) {
    const path = prefix + name;
    const existing = out[name] as Json | undefined;
    if (!existing) {
      out[name] = structuredClone(def);
      continue;
    }
    const wasObject = isObjectMapping(existing);
    if (wasObject !== isObjectMapping(def)) {
      throw illegalArgument(`can't merge a non object mapping [${path}] with an object mapping`);
    }
    if (wasObject) {
      const merged: Json = { ...existing, ...def };
      merged.properties = mergeProperties((existing.properties as Json) ?? {}, (def.properties as Json) ?? {}, `${path}.`);
      out[name] = merged;
      continue;
    }
    out[name] = mergeLeaf(path, existing, def);
  }
  return out;
}

function mergeLeaf(path: string, existing: Json, def: Json): Json {
  if (existing.type !== def.type) {
    throw illegalArgument(`mapper [${path}] cannot be changed from type [${existing.type}] to [${def.type}]`);
  }
  for (const key of new Set([...Object.keys(existing), ...Object.keys(def)])) {
    if (key === 'fields' || key === 'ignore_above' || key === 'meta') continue;
    if (JSON.stringify(existing[key]) !== JSON.stringify(def[key])) {
      throw illegalArgument(
        `Mapper for [${path}] conflicts with existing mapper:\n\tCannot update parameter [${key}] from [${existing[key] ?? 'default'}] to [${def[key] ?? 'default'}]`,
      );
    }
  }
  const merged: Json = { ...existing, ...def };
  if (existing.fields || def.fields) {
    merged.fields = mergeProperties((existing.fields as Json) ?? {}, (def.fields as Json) ?? {}, `${path}.`);
  }
  return merged;
}

function compile(root: Json, analysis: AnalysisRegistry) {
  const fields = new Map<string, FieldDef>();
  const objects = new Map<string, Dynamic>([['', String(root.dynamic ?? 'true') as Dynamic]]);
  const disabled = new Set<string>();
  const walk = (props: Json, prefix: string) => {
    for (const [name, raw] of Object.entries(props)) {
      const def = raw as Json;
      const path = prefix + name;
      if (isObjectMapping(def)) {
        // '' = inherit from the parent, resolved by inheritDynamic below.
        const own = def.enabled === false ? 'false' : def.dynamic === undefined ? '' : String(def.dynamic);
        objects.set(path, own as Dynamic);
        if (def.enabled === false) disabled.add(path);
        walk((def.properties as Json) ?? {}, `${path}.`);
        continue;
      }
      const leaf = addLeaf(fields, path, def, analysis);
      for (const [sub, subDef] of Object.entries((def.fields as Json) ?? {})) {
        leaf.multiFields.push(addLeaf(fields, `${path}.${sub}`, subDef as Json, analysis));
      }
    }
  };
  walk((root.properties as Json) ?? {}, '');
  return { fields, objects: inheritDynamic(objects), disabled };
}

/** Objects without their own `dynamic` inherit their parent's, so lookups are one hop. */
function inheritDynamic(objects: Map<string, Dynamic>): Map<string, Dynamic> {
  const paths = [...objects.keys()].sort((a, b) => a.split('.').length - b.split('.').length || a.localeCompare(b));
  for (const path of paths) {
    if (path === '' || objects.get(path)) continue;
    const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
    objects.set(path, objects.get(parent) ?? 'true');
  }
  return objects;
}

export function addLeaf(fields: Map<string, FieldDef>, path: string, def: Json, analysis: AnalysisRegistry): FieldDef {
  const field = compileLeaf(path, def);
  // Unknown analyzers/normalizers fail the mapping, as in ES, not the first document.
  if (field.isText) {
    if (!analysis.hasAnalyzer(field.analyzer)) throw mapperParsing(`analyzer [${field.analyzer}] has not been configured in mappings`);
    if (!analysis.hasAnalyzer(field.searchAnalyzer)) throw mapperParsing(`analyzer [${field.searchAnalyzer}] has not been configured in mappings`);
  }
  if (field.normalizer !== undefined) {
    try {
      analysis.normalizer(field.normalizer);
    } catch {
      throw mapperParsing(`normalizer [${field.normalizer}] not found for field [${path}]`);
    }
  }
  fields.set(path, field);
  return field;
}
