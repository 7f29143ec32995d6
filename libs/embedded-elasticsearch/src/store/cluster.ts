import { EsError, illegalArgument, indexAlreadyExists, indexNotFound } from '../errors';
import { Json } from '../mapping/field-types';
import { AliasAction, AliasProps, AliasTable, parseAliasProps } from './alias-table';
import { FlatSettings, flattenSettings, validateSettings } from './index-settings';
import { IndexStore } from './index-store';
import { Journal } from './journal-records';
import { isWildcard, splitList, validateIndexName, wildcardMatcher } from './names';

/** Where the cluster keeps its state when persistent; absent = memory only. */
export interface ClusterStorage {
  openJournal(index: string): Journal;
  saveAliases(aliases: Record<string, Record<string, AliasProps>>): void;
}

export interface ResolveOptions {
  ignoreUnavailable?: boolean;
  allowNoIndices?: boolean;
}

/**
 * All indices and aliases of the single node, and the ES rules for turning a name
 * expression (`a,b`, `logs-*`, an alias, `_all`) into concrete indices.
 */
export class Cluster {
  readonly indices = new Map<string, IndexStore>();
  aliases = new AliasTable();

  constructor(private readonly storage?: ClusterStorage) {}

  createIndex(name: string, body: Json = {}): IndexStore {
    validateIndexName(name);
    const existing = this.indices.get(name);
    if (existing) throw indexAlreadyExists(name, existing.uuid);
    if (this.aliases.has(name)) {
      throw new EsError(400, 'invalid_index_name_exception', `Invalid index name [${name}], already exists as alias`, { index_uuid: '_na_', index: name });
    }
    for (const key of Object.keys(body)) {
      if (!['settings', 'mappings', 'aliases'].includes(key)) throw new EsError(400, 'parse_exception', `unknown key [${key}] for create index`);
    }
    const settings: FlatSettings = flattenSettings((body.settings as Json) ?? {});
    validateSettings(settings, false);
    const index = new IndexStore(name, settings, (body.mappings as Json) ?? {});
    // Same parser as _aliases: filter/routing would change what reads see, so they are refused, not stored.
    const aliasActions = Object.entries((body.aliases as Record<string, Json>) ?? {}).map(
      ([alias, props]): AliasAction => ({ kind: 'add', index: name, alias, props: parseAliasProps(props) }),
    );
    const aliases = this.tryAliases(aliasActions, new Set([...this.indices.keys(), name]));
    if (this.storage) index.attachJournal(this.storage.openJournal(name), true);
    this.indices.set(name, index);
    if (aliasActions.length > 0) this.commitAliases(aliases);
    return index;
  }

  deleteIndex(name: string): void {
    const index = this.indices.get(name);
    if (!index) throw indexNotFound(name);
    this.indices.delete(name);
    if (Object.keys(this.aliases.aliasesOf(name)).length > 0) {
      const next = this.aliases.clone();
      next.dropIndex(name);
      this.commitAliases(next);
    }
    index.destroy();
  }

  /** Applies alias actions all-or-nothing: validated on a copy, then swapped in and saved in one write. */
  updateAliases(actions: AliasAction[]): void {
    const removedIndices = actions.filter((a) => a.kind === 'remove_index').map((a) => a.index);
    const remaining = new Set([...this.indices.keys()].filter((i) => !removedIndices.includes(i)));
    const next = this.tryAliases(actions, remaining);
    for (const name of removedIndices) this.deleteIndex(name);
    this.commitAliases(next);
  }

  private tryAliases(actions: AliasAction[], indices: Set<string>): AliasTable {
    const next = this.aliases.clone();
    for (const action of actions) {
      if (action.kind === 'add') {
        if (indices.has(action.alias)) {
          throw new EsError(400, 'invalid_alias_name_exception', `Invalid alias name [${action.alias}]: an index or data stream exists with the same name as the alias`);
        }
        validateIndexName(action.alias);
      }
      // remove_index targets an index that is leaving; the others need one that stays.
      const exists = action.kind === 'remove_index' ? this.indices.has(action.index) : indices.has(action.index);
      if (!exists) throw indexNotFound(action.index);
      next.apply(action);
    }
    for (const index of this.indices.keys()) if (!indices.has(index)) next.dropIndex(index);
    next.validate();
    return next;
  }

  private commitAliases(next: AliasTable): void {
    this.storage?.saveAliases(next.toJSON());
    this.aliases = next;
  }

  /** Indices a read (search, count, get mapping...) addresses. */
  resolve(expression: string | undefined, opts: ResolveOptions = {}): IndexStore[] {
    const parts = splitList(expression);
    const names = new Set<string>();
    let sawWildcard = false;
    if (parts.length === 0 || (parts.length === 1 && (parts[0] === '_all' || parts[0] === '*'))) {
      return this.visibleIndexNames().map((n) => this.indices.get(n) as IndexStore);
    }
    for (const part of parts) {
      if (part.startsWith('-') && sawWildcard) {
        const match = wildcardMatcher(part.slice(1));
        for (const n of [...names]) if (match(n)) names.delete(n);
        continue;
      }
      if (isWildcard(part)) {
        sawWildcard = true;
        const match = wildcardMatcher(part);
        for (const n of this.visibleIndexNames()) if (match(n)) names.add(n);
        for (const a of this.aliases.names()) if (match(a)) for (const n of this.aliases.indicesOf(a)) names.add(n);
        continue;
      }
      if (this.indices.has(part)) names.add(part);
      else if (this.aliases.has(part)) for (const n of this.aliases.indicesOf(part)) names.add(n);
      else if (part === '_all') for (const n of this.visibleIndexNames()) names.add(n);
      else if (!opts.ignoreUnavailable) throw indexNotFound(part);
    }
    if (names.size === 0 && opts.allowNoIndices === false) throw indexNotFound(expression ?? '_all');
    return [...names].sort().map((n) => this.indices.get(n) as IndexStore);
  }

  /** The one index a document write goes to; auto-creates a missing index like ES. */
  resolveWrite(name: string, autoCreate = true, requireAlias = false): IndexStore {
    if (requireAlias && !this.aliases.has(name)) throw indexNotFound(name, `[require_alias] request flag is [true] and [${name}] is not an alias`);
    const index = this.indices.get(name);
    if (index) return index;
    if (this.aliases.has(name)) return this.indices.get(this.aliases.writeIndex(name)) as IndexStore;
    if (!autoCreate) throw indexNotFound(name);
    return this.createIndex(name);
  }

  /** A single concrete index for realtime reads (get): an alias must point at exactly one index. */
  resolveSingle(name: string): IndexStore {
    const index = this.indices.get(name);
    if (index) return index;
    if (this.aliases.has(name)) {
      const targets = this.aliases.indicesOf(name);
      if (targets.length > 1) {
        throw illegalArgument(`alias [${name}] has more than one index associated with it [${targets.join(', ')}], can't execute a single index op`);
      }
      return this.indices.get(targets[0]) as IndexStore;
    }
    throw indexNotFound(name);
  }

  /** The periodic refresh: skips indices with refresh_interval -1 unless a wait_for caller is waiting. */
  refreshAll(): void {
    for (const index of this.indices.values()) {
      if (index.hasWaiters || (index.hasPendingChanges && index.settings['index.refresh_interval'] !== '-1')) index.refresh();
    }
  }

  close(): void {
    for (const index of this.indices.values()) index.close();
  }

  private visibleIndexNames(): string[] {
    return [...this.indices.keys()].filter((n) => !n.startsWith('.') && this.indices.get(n)?.settings['index.hidden'] !== 'true').sort();
  }
}
