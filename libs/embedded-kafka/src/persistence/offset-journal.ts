import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { AppendOnlyFile } from './append-only-file';
import { Logger } from '../logger';

/** One line of the journal: a commit, or the deletion of a group's or a topic's offsets. */
export type JournalEntry =
  { g: string; t: string; p: number; o: number; m: string | null } | { deleteGroup: string } | { deleteTopic: string };

/**
 * Committed offsets as an append-only JSON-lines journal (`offsets.log`). Replayed and
 * compacted into a fresh file on start; a torn last line (no newline, or unparsable) is
 * what a crash mid-write leaves, and it is dropped rather than failing the start.
 */
export class OffsetJournal {
  private out: AppendOnlyFile | null = null;

  constructor(
    private readonly file: string,
    private readonly logger: Logger,
  ) {}

  /** Replays the journal; `compacted` must return the live state as entries to rewrite. */
  open(apply: (e: JournalEntry) => void, compacted: () => JournalEntry[]): void {
    const text = existsSync(this.file) ? readFileSync(this.file, 'utf8') : '';
    const lines = text.split('\n');
    const torn = lines.pop(); // '' when the file ends with a newline
    if (torn) this.logger.warn({ file: this.file, bytes: torn.length }, 'dropping torn offset journal tail');
    for (const line of lines) {
      if (!line) continue;
      try {
        apply(JSON.parse(line) as JournalEntry);
      } catch {
        this.logger.warn({ file: this.file, line: line.slice(0, 100) }, 'skipping unreadable offset journal line');
      }
    }
    const tmp = `${this.file}.tmp`;
    writeFileSync(
      tmp,
      compacted()
        .map((e) => `${JSON.stringify(e)}\n`)
        .join(''),
    );
    const tmpFd = openSync(tmp, 'r+');
    fdatasyncSync(tmpFd);
    closeSync(tmpFd);
    renameSync(tmp, this.file);
    this.out = new AppendOnlyFile(openSync(this.file, 'a'));
  }

  /** Written synchronously before the commit is acknowledged (see README: durability). */
  append(entries: JournalEntry[]): void {
    if (entries.length === 0) return;
    this.out?.append(Buffer.from(entries.map((e) => `${JSON.stringify(e)}\n`).join('')));
  }

  sync(): Promise<void> {
    return this.out?.sync() ?? Promise.resolve();
  }

  close(): void {
    this.out?.close();
    this.out = null;
  }
}
