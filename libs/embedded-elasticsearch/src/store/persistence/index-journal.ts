import fs from 'node:fs';
import path from 'node:path';
import { IndexSnapshot, Journal, JournalRecord } from '../journal-records';
import { RecordLog } from './record-log';

const SNAPSHOT = 'snapshot.json';
const LOG = 'ops.log';
const MIN_RECORDS_BEFORE_COMPACTION = 10_000;

export type LoggedRecord = JournalRecord & { lsn: number };
export type StoredSnapshot = IndexSnapshot & { lsn: number };

/**
 * One index's durable history: a snapshot plus the log of changes since. Each record
 * carries a log sequence number, so a crash between writing a snapshot and truncating
 * the log replays nothing twice.
 */
export class IndexJournal implements Journal {
  private readonly log: RecordLog;
  private sinceSnapshot = 0;
  private dirty = false;

  constructor(
    readonly dir: string,
    private lsn: number,
    private readonly onDestroy: (dir: string) => void,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.log = new RecordLog(path.join(dir, LOG));
  }

  append(record: JournalRecord): void {
    this.log.append({ ...record, lsn: ++this.lsn });
    this.sinceSnapshot++;
    this.dirty = true;
  }

  /** At each refresh: fsync what was written, and compact once the log outgrows the index. */
  maybeCompact(snapshot: () => IndexSnapshot, liveDocs: number): void {
    if (this.sinceSnapshot > Math.max(MIN_RECORDS_BEFORE_COMPACTION, 2 * liveDocs)) {
      writeAtomically(path.join(this.dir, SNAPSHOT), JSON.stringify({ ...snapshot(), lsn: this.lsn }));
      this.log.truncate();
      this.sinceSnapshot = 0;
      this.dirty = false;
      return;
    }
    if (this.dirty) {
      this.log.sync();
      this.dirty = false;
    }
  }

  close(): void {
    this.log.close();
  }

  destroy(): void {
    this.close();
    this.onDestroy(this.dir);
  }

  /** What is on disk for an index directory: its snapshot (if any) and the records after it. */
  static read(dir: string, onTornTail: (valid: number, total: number) => void): { snapshot?: StoredSnapshot; records: LoggedRecord[]; lsn: number } {
    const snapFile = path.join(dir, SNAPSHOT);
    const snapshot = fs.existsSync(snapFile) ? (JSON.parse(fs.readFileSync(snapFile, 'utf8')) as StoredSnapshot) : undefined;
    const after = snapshot?.lsn ?? 0;
    const records = (RecordLog.read(path.join(dir, LOG), onTornTail) as LoggedRecord[]).filter((r) => r.lsn > after);
    const lsn = Math.max(after, ...records.map((r) => r.lsn));
    return { snapshot, records, lsn };
  }
}

/** tmp + fsync + rename: a reader sees the old file or the new one, never half of one. */
export function writeAtomically(file: string, content: string): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
