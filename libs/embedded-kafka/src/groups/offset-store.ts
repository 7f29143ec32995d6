import path from 'node:path';
import { Logger } from '../logger';
import { JournalEntry, OffsetJournal } from '../persistence/offset-journal';

export interface CommittedOffset {
  offset: number;
  metadata: string | null;
}

export interface OffsetCommitEntry {
  topic: string;
  partition: number;
  offset: number;
  metadata: string | null;
}

/**
 * Committed offsets per group, topic and partition, kept exactly as sent: kafkajs commits
 * -1/-2 on seek and reset and expects to read them back unchanged.
 */
export class OffsetStore {
  private readonly groups = new Map<string, Map<string, Map<number, CommittedOffset>>>();
  private readonly journal?: OffsetJournal;

  constructor(dataDir: string | undefined, logger: Logger) {
    if (dataDir) this.journal = new OffsetJournal(path.join(dataDir, 'offsets.log'), logger);
  }

  load(): void {
    this.journal?.open(
      (e) => this.apply(e),
      () => this.snapshot(),
    );
  }

  commit(group: string, entries: OffsetCommitEntry[]): void {
    const journal: JournalEntry[] = entries.map((e) => ({ g: group, t: e.topic, p: e.partition, o: e.offset, m: e.metadata }));
    this.journal?.append(journal);
    for (const e of journal) this.apply(e);
  }

  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(group)?.get(topic)?.get(partition);
  }

  /** topic -> partition -> offset, for OffsetFetch with a null topic list. */
  all(group: string): Map<string, Map<number, CommittedOffset>> {
    return this.groups.get(group) ?? new Map();
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  deleteGroup(group: string): void {
    if (!this.groups.has(group)) return;
    this.journal?.append([{ deleteGroup: group }]);
    this.groups.delete(group);
  }

  deleteTopic(topic: string): void {
    this.journal?.append([{ deleteTopic: topic }]);
    for (const topics of this.groups.values()) topics.delete(topic);
  }

  sync(): Promise<void> {
    return this.journal?.sync() ?? Promise.resolve();
  }

  close(): void {
    this.journal?.close();
  }

  private apply(e: JournalEntry): void {
    if ('deleteGroup' in e) {
      this.groups.delete(e.deleteGroup);
    } else if ('deleteTopic' in e) {
      for (const topics of this.groups.values()) topics.delete(e.deleteTopic);
    } else {
      let topics = this.groups.get(e.g);
      if (!topics) this.groups.set(e.g, (topics = new Map()));
      let partitions = topics.get(e.t);
      if (!partitions) topics.set(e.t, (partitions = new Map()));
      partitions.set(e.p, { offset: e.o, metadata: e.m });
    }
  }

  private snapshot(): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (const [g, topics] of this.groups) {
      for (const [t, partitions] of topics) for (const [p, c] of partitions) out.push({ g, t, p, o: c.offset, m: c.metadata });
    }
    return out;
  }
}
