import fs from 'node:fs';
import path from 'node:path';
import { Logger } from '../../http/http-server';
import { AliasProps, AliasTable } from '../alias-table';
import { Cluster, ClusterStorage } from '../cluster';
import { IndexStore } from '../index-store';
import { Journal } from '../journal-records';
import { IndexJournal, writeAtomically } from './index-journal';

/**
 * Layout: `<dataDir>/indices/<name>/{snapshot.json,ops.log}` and `<dataDir>/aliases.json`.
 * A deleted index is first renamed into `trash/` (atomic), then removed, so a crash
 * mid-delete never resurrects half an index.
 */
export class DataDir implements ClusterStorage {
  private readonly indicesDir: string;
  private readonly trashDir: string;
  private readonly lsns = new Map<string, number>();

  constructor(
    private readonly root: string,
    private readonly logger?: Logger,
  ) {
    this.indicesDir = path.join(root, 'indices');
    this.trashDir = path.join(root, 'trash');
    fs.mkdirSync(this.indicesDir, { recursive: true });
    fs.rmSync(this.trashDir, { recursive: true, force: true });
  }

  openJournal(index: string): Journal {
    return new IndexJournal(path.join(this.indicesDir, index), this.lsns.get(index) ?? 0, (dir) => this.discard(dir));
  }

  saveAliases(aliases: Record<string, Record<string, AliasProps>>): void {
    writeAtomically(path.join(this.root, 'aliases.json'), JSON.stringify(aliases));
  }

  /** Rebuilds every index from its snapshot and log, then the aliases. */
  load(cluster: Cluster): void {
    for (const name of fs.readdirSync(this.indicesDir).sort()) {
      const index = this.loadIndex(name);
      if (index) cluster.indices.set(name, index);
    }
    const aliasFile = path.join(this.root, 'aliases.json');
    if (fs.existsSync(aliasFile)) {
      const table = AliasTable.fromJSON(JSON.parse(fs.readFileSync(aliasFile, 'utf8')) as Record<string, Record<string, AliasProps>>);
      for (const alias of table.names()) for (const index of table.indicesOf(alias)) if (!cluster.indices.has(index)) table.dropIndex(index);
      cluster.aliases = table;
    }
  }

  close(): void {
    // Journals are closed by their indices; nothing else holds a file open.
  }

  private loadIndex(name: string): IndexStore | undefined {
    const dir = path.join(this.indicesDir, name);
    const onTorn = (valid: number, total: number) =>
      this.logger?.warn({ index: name, validBytes: valid, totalBytes: total }, 'embedded elasticsearch: truncated a torn journal tail');
    const { snapshot, records, lsn } = IndexJournal.read(dir, onTorn);
    const create = records.find((r) => r.t === 'create');
    const base = snapshot ?? (create?.t === 'create' ? create : undefined);
    if (!base) {
      // Created but never acknowledged (crash before the first record): not an index.
      fs.rmSync(dir, { recursive: true, force: true });
      return undefined;
    }
    const index = new IndexStore(name, base.settings, base.mappings, base.uuid, base.created);
    if (snapshot) index.restore(snapshot);
    for (const record of records) if (record.t !== 'create') index.replay(record);
    index.refresh();
    this.lsns.set(name, lsn);
    index.attachJournal(this.openJournal(name), false);
    return index;
  }

  private discard(dir: string): void {
    fs.mkdirSync(this.trashDir, { recursive: true });
    const target = path.join(this.trashDir, `${path.basename(dir)}-${Date.now()}`);
    fs.renameSync(dir, target);
    fs.rmSync(target, { recursive: true, force: true });
  }
}

export function openDataDir(root: string, logger?: Logger): DataDir {
  return new DataDir(root, logger);
}
