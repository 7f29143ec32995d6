import { EsError, illegalArgument, unsupported } from '../errors';

export interface AliasProps {
  is_write_index?: boolean;
  is_hidden?: boolean;
}

export type AliasAction =
  | { kind: 'add'; index: string; alias: string; props: AliasProps }
  | { kind: 'remove'; index: string; alias: string; mustExist?: boolean }
  | { kind: 'remove_index'; index: string };

/** Alias -> index -> properties. Plain data so a change can be tried on a copy and committed whole. */
export class AliasTable {
  constructor(private readonly byAlias = new Map<string, Map<string, AliasProps>>()) {}

  clone(): AliasTable {
    return new AliasTable(new Map([...this.byAlias].map(([a, m]) => [a, new Map([...m].map(([i, p]) => [i, { ...p }]))])));
  }

  has(alias: string): boolean {
    return this.byAlias.has(alias);
  }

  names(): string[] {
    return [...this.byAlias.keys()].sort();
  }

  indicesOf(alias: string): string[] {
    return [...(this.byAlias.get(alias)?.keys() ?? [])].sort();
  }

  /** Aliases of one index with their properties, as GET /{index}/_alias shows them. */
  aliasesOf(index: string): Record<string, AliasProps> {
    const out: Record<string, AliasProps> = {};
    for (const alias of this.names()) {
      const props = this.byAlias.get(alias)?.get(index);
      if (props) out[alias] = { ...props };
    }
    return out;
  }

  /** The index a write through `alias` goes to, or an error like ES's when ambiguous. */
  writeIndex(alias: string): string {
    const entries = [...(this.byAlias.get(alias) ?? new Map<string, AliasProps>())];
    const explicit = entries.find(([, p]) => p.is_write_index === true);
    if (explicit) return explicit[0];
    if (entries.length === 1 && entries[0][1].is_write_index !== false) return entries[0][0];
    throw illegalArgument(
      `no write index is defined for alias [${alias}]. The write index may be explicitly disabled using is_write_index=false or the alias points to multiple indices without one being designated as a write index`,
    );
  }

  apply(action: AliasAction): void {
    if (action.kind === 'add') {
      let m = this.byAlias.get(action.alias);
      if (!m) this.byAlias.set(action.alias, (m = new Map()));
      m.set(action.index, { ...action.props });
    } else if (action.kind === 'remove') {
      const m = this.byAlias.get(action.alias);
      if (!m?.has(action.index)) {
        if (action.mustExist === false) return;
        throw new EsError(404, 'aliases_not_found_exception', `aliases [${action.alias}] missing`, {
          'resource.type': 'aliases',
          'resource.id': action.alias,
        });
      }
      m.delete(action.index);
      if (m.size === 0) this.byAlias.delete(action.alias);
    } else {
      this.dropIndex(action.index);
    }
  }

  dropIndex(index: string): void {
    for (const [alias, m] of this.byAlias) {
      m.delete(index);
      if (m.size === 0) this.byAlias.delete(alias);
    }
  }

  /** ES refuses two write indices for one alias. */
  validate(): void {
    for (const [alias, m] of this.byAlias) {
      const writers = [...m].filter(([, p]) => p.is_write_index === true).map(([i]) => i);
      if (writers.length > 1) throw illegalArgument(`alias [${alias}] has more than one write index [${writers.join(',')}]`);
    }
  }

  toJSON(): Record<string, Record<string, AliasProps>> {
    return Object.fromEntries([...this.byAlias].map(([a, m]) => [a, Object.fromEntries(m)]));
  }

  static fromJSON(json: Record<string, Record<string, AliasProps>>): AliasTable {
    return new AliasTable(new Map(Object.entries(json).map(([a, m]) => [a, new Map(Object.entries(m))])));
  }
}

/** Alias properties from a request body; filter/routing would change results, so they are refused. */
export function parseAliasProps(body: Record<string, unknown> | undefined): AliasProps {
  const props: AliasProps = {};
  for (const [key, value] of Object.entries(body ?? {})) {
    if (key === 'is_write_index') props.is_write_index = value === true || value === 'true';
    else if (key === 'is_hidden') props.is_hidden = value === true || value === 'true';
    else if (['filter', 'routing', 'index_routing', 'search_routing'].includes(key)) throw unsupported(`alias [${key}]`);
    else throw new EsError(400, 'x_content_parse_exception', `[1:2] [alias] unknown field [${key}]`);
  }
  return props;
}
