import { randomBytes } from 'node:crypto';
import { AnalysisRegistry } from '../analysis/analysis-registry';
import { documentMissing, versionConflict } from '../errors';
import { DocumentParser, IndexedFields } from '../mapping/document-parser';
import { Json } from '../mapping/field-types';
import { Mapping } from '../mapping/mapping';
import { FlatSettings, analysisSettings, numberSetting, unflattenSettings } from './index-settings';
import { IndexSnapshot, Journal, JournalRecord } from './journal-records';
import { SearchableSegment } from './searchable-segment';
import { WriteConditions, nextVersion } from './versioning';
import type { StoredDoc } from './stored-doc';

export type { StoredDoc } from './stored-doc';

export interface WriteOutcome {
  doc: StoredDoc;
  result: 'created' | 'updated' | 'deleted' | 'not_found' | 'noop';
}

const PRIMARY_TERM = 1;
const GC_DELETES_MS = 60_000; // ES index.gc_deletes: how long a delete's version is remembered

/**
 * One index (one shard). The live map is the realtime view that get/mget read; the
 * searchable segment is the near-real-time view that search reads, advanced by refresh().
 * Every write is journaled (when persistent) before it is applied, so an acknowledged
 * write is in the log.
 */
export class IndexStore {
  readonly mapping: Mapping;
  readonly analysis: AnalysisRegistry;
  readonly segment = new SearchableSegment();
  private readonly live = new Map<string, { doc: StoredDoc; num: number }>();
  private readonly tombstones = new Map<string, { version: number; at: number }>();
  private seqNo = -1;
  /** Bumped by every mapping change (a search's meaning may change with it). */
  private mappingVersion = 0;
  private waiters: Array<() => void> = [];
  private journal?: Journal;

  constructor(
    readonly name: string,
    private settingsFlat: FlatSettings,
    mappings: Json,
    readonly uuid = randomBytes(16).toString('base64url').slice(0, 22),
    readonly created = Date.now(),
  ) {
    this.analysis = new AnalysisRegistry(analysisSettings(settingsFlat));
    this.mapping = new Mapping(this.analysis, mappings);
  }

  attachJournal(journal: Journal, isNew: boolean): void {
    this.journal = journal;
    if (isNew) {
      journal.append({
        t: 'create',
        uuid: this.uuid,
        created: this.created,
        settings: this.settingsFlat,
        mappings: this.mapping.toJSON(),
      });
    }
  }

  get settings(): FlatSettings {
    return this.settingsFlat;
  }

  settingsJson(): Record<string, unknown> {
    return unflattenSettings({
      'index.routing.allocation.include._tier_preference': 'data_content',
      'index.number_of_shards': '1',
      'index.number_of_replicas': '1',
      ...this.settingsFlat,
      'index.provided_name': this.name,
      'index.creation_date': String(this.created),
      'index.uuid': this.uuid,
      'index.version.created': '9009000',
    });
  }

  get replicas(): number {
    return numberSetting(this.settingsFlat, 'index.number_of_replicas', 1);
  }

  get maxResultWindow(): number {
    return numberSetting(this.settingsFlat, 'index.max_result_window', 10_000);
  }

  /** `_shards` of a write: a primary plus its (never assigned) replicas, like a single ES node. */
  writeShards(): { total: number; successful: number; failed: number } {
    return { total: 1 + this.replicas, successful: 1, failed: 0 };
  }

  /** What searches see: changes with every refresh that changed visible documents and every mapping change (request cache key). */
  get searchGeneration(): string {
    return `${this.segment.generation}.${this.mappingVersion}`;
  }

  get docCount(): number {
    return this.live.size;
  }

  get(id: string): StoredDoc | undefined {
    return this.live.get(id)?.doc;
  }

  updateSettings(flat: FlatSettings): void {
    this.journal?.append({ t: 'settings', settings: flat });
    this.settingsFlat = { ...this.settingsFlat, ...flat };
  }

  putMapping(mappings: Json): void {
    // Validate on a copy first: a rejected mapping must leave no trace, in memory or journal.
    new Mapping(this.analysis, this.mapping.toJSON()).merge(mappings);
    this.journal?.append({ t: 'mapping', mappings });
    this.mapping.merge(mappings);
    this.mappingVersion++;
  }

  index(id: string, source: Json, cond: WriteConditions): WriteOutcome {
    const current = this.live.get(id)?.doc;
    const version = nextVersion(current, this.tombstoneVersion(id), cond, (d) => versionConflict(this.name, this.uuid, id, d));
    const parsed = new DocumentParser(this.mapping, this.analysis, id).parse(source);
    const doc: StoredDoc = { id, source, version, seqNo: this.seqNo + 1, primaryTerm: PRIMARY_TERM };
    this.journal?.append({ t: 'index', id, source, v: version, s: doc.seqNo });
    if (parsed.mappingUpdate) {
      this.mapping.merge(parsed.mappingUpdate);
      this.mappingVersion++;
    }
    this.applyIndex(doc, parsed.fields);
    return { doc, result: current ? 'updated' : 'created' };
  }

  delete(id: string, cond: WriteConditions): WriteOutcome {
    const current = this.live.get(id)?.doc;
    const version = nextVersion(current, this.tombstoneVersion(id), cond, (d) => versionConflict(this.name, this.uuid, id, d));
    const seqNo = this.seqNo + 1;
    this.journal?.append({ t: 'delete', id, v: version, s: seqNo });
    this.applyDelete(id, version, seqNo);
    const doc: StoredDoc = { id, source: {}, version, seqNo, primaryTerm: PRIMARY_TERM };
    return { doc, result: current ? 'deleted' : 'not_found' };
  }

  /** Partial update: deep-merges `partial` into the live source; unchanged -> noop like ES's detect_noop. */
  update(
    id: string,
    partial: Json,
    opts: { upsert?: Json; docAsUpsert?: boolean; detectNoop?: boolean; cond: WriteConditions },
  ): WriteOutcome {
    const current = this.live.get(id)?.doc;
    if (!current) {
      const upsert = opts.docAsUpsert ? partial : opts.upsert;
      if (!upsert) throw documentMissing(this.name, this.uuid, id);
      return this.index(id, structuredClone(upsert), { ...opts.cond, opType: 'create' });
    }
    const merged = deepMerge(current.source, partial);
    if (opts.detectNoop !== false && JSON.stringify(merged) === JSON.stringify(current.source)) {
      nextVersion(current, undefined, opts.cond, (d) => versionConflict(this.name, this.uuid, id, d));
      return { doc: current, result: 'noop' };
    }
    return this.index(id, merged, opts.cond);
  }

  /** Makes every acknowledged write searchable and wakes `refresh=wait_for` callers. */
  refresh(): void {
    const remap = this.segment.refresh();
    if (remap) for (const entry of this.live.values()) entry.num = remap(entry.num);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
    this.journal?.maybeCompact(() => this.snapshot(), this.live.size);
  }

  /** Resolves at the next refresh (periodic or explicit), for `refresh=wait_for`. */
  waitForRefresh(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  get hasPendingChanges(): boolean {
    return this.segment.hasPending;
  }

  get hasWaiters(): boolean {
    return this.waiters.length > 0;
  }

  close(): void {
    for (const wake of this.waiters) wake();
    this.waiters = [];
    this.journal?.close();
  }

  destroy(): void {
    this.close();
    this.journal?.destroy();
  }

  /** Re-applies one journal record on start-up (no checks: it was valid when acknowledged). */
  replay(record: JournalRecord): void {
    if (record.t === 'index') {
      const parsed = new DocumentParser(this.mapping, this.analysis, record.id).parse(record.source);
      if (parsed.mappingUpdate) this.mapping.merge(parsed.mappingUpdate);
      this.applyIndex(
        { id: record.id, source: record.source, version: record.v, seqNo: record.s, primaryTerm: PRIMARY_TERM },
        parsed.fields,
      );
    } else if (record.t === 'delete') this.applyDelete(record.id, record.v, record.s);
    else if (record.t === 'mapping') this.mapping.merge(record.mappings);
    else if (record.t === 'settings') this.settingsFlat = { ...this.settingsFlat, ...record.settings };
  }

  restore(snapshot: IndexSnapshot): void {
    for (const [id, version, seqNo, source] of snapshot.docs) {
      this.replay({ t: 'index', id, source, v: version, s: seqNo });
    }
    for (const [id, version] of snapshot.tombstones) this.tombstones.set(id, { version, at: Date.now() });
    this.seqNo = Math.max(this.seqNo, snapshot.seqNo);
  }

  snapshot(): IndexSnapshot {
    return {
      uuid: this.uuid,
      created: this.created,
      settings: this.settingsFlat,
      mappings: this.mapping.toJSON(),
      seqNo: this.seqNo,
      docs: [...this.live.values()].map(({ doc }) => [doc.id, doc.version, doc.seqNo, doc.source]),
      tombstones: [...this.tombstones].map(([id, t]) => [id, t.version]),
    };
  }

  private applyIndex(doc: StoredDoc, fields: IndexedFields): void {
    const previous = this.live.get(doc.id);
    if (previous) this.segment.remove(previous.num);
    const num = this.segment.add(doc, fields);
    this.live.set(doc.id, { doc, num });
    this.tombstones.delete(doc.id);
    this.seqNo = Math.max(this.seqNo, doc.seqNo);
  }

  private applyDelete(id: string, version: number, seqNo: number): void {
    const previous = this.live.get(id);
    if (previous) this.segment.remove(previous.num);
    this.live.delete(id);
    this.tombstones.set(id, { version, at: Date.now() });
    this.seqNo = Math.max(this.seqNo, seqNo);
  }

  private tombstoneVersion(id: string): number | undefined {
    const t = this.tombstones.get(id);
    if (!t) return undefined;
    if (Date.now() - t.at > GC_DELETES_MS) {
      this.tombstones.delete(id);
      return undefined;
    }
    return t.version;
  }
}

function isPlainObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** ES partial-update merge: objects merge recursively, everything else (arrays too) replaces. */
export function deepMerge(base: Json, partial: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(partial)) {
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k] as Json, v) : structuredClone(v);
  }
  return out;
}
