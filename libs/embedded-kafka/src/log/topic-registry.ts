import { ErrorCode } from '../protocol/error-codes';
import { Logger } from '../logger';
import { SegmentFile } from '../persistence/segment-file';
import { listStoredTopics, removeTopicDir, segmentPath, writeTopicDir } from '../persistence/topic-dirs';
import { PartitionLog } from './partition-log';

export interface Topic {
  name: string;
  partitions: PartitionLog[];
}

/** Kafka's own rule (AK `Topic.java`); it also keeps names safe as directory names. */
const LEGAL_TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;
/** Every partition lives in memory (and owns a file): bound what one request can allocate. */
const MAX_PARTITIONS = 1000;

export function isLegalTopicName(name: string): boolean {
  return LEGAL_TOPIC.test(name) && name !== '.' && name !== '..';
}

/**
 * All topics and their partition logs. Creation is synchronous (directory and segments
 * exist before the call returns), so the Metadata answer that auto-creates a topic already
 * lists its partitions with a leader: clients never see LEADER_NOT_AVAILABLE.
 */
export class TopicRegistry {
  private readonly topics = new Map<string, Topic>();

  constructor(
    private readonly dataDir: string | undefined,
    readonly defaultPartitions: number,
    private readonly logger: Logger,
  ) {}

  /** Replays every stored topic from the data dir (no-op when memory-only). */
  load(): void {
    if (!this.dataDir) return;
    for (const stored of listStoredTopics(this.dataDir)) this.open(stored.name, stored.partitions);
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  partition(name: string, index: number): PartitionLog | undefined {
    return this.topics.get(name)?.partitions[index];
  }

  names(): string[] {
    return [...this.topics.keys()];
  }

  /** Returns NONE or the Kafka error that refuses the creation. `-1` partitions means the default. */
  create(name: string, partitions: number): number {
    if (!isLegalTopicName(name)) return ErrorCode.INVALID_TOPIC_EXCEPTION;
    if (this.topics.has(name)) return ErrorCode.TOPIC_ALREADY_EXISTS;
    const count = partitions === -1 ? this.defaultPartitions : partitions;
    if (count < 1 || count > MAX_PARTITIONS) return ErrorCode.INVALID_PARTITIONS;
    if (this.dataDir) writeTopicDir(this.dataDir, { name, partitions: count });
    this.open(name, count);
    this.logger.info({ topic: name, partitions: count }, 'topic created');
    return ErrorCode.NONE;
  }

  /** The topic, auto-creating it with the default partition count; undefined if the name is illegal. */
  ensure(name: string): Topic | undefined {
    if (!this.topics.has(name)) this.create(name, -1);
    return this.topics.get(name);
  }

  delete(name: string): number {
    const topic = this.topics.get(name);
    if (!topic) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    this.topics.delete(name);
    for (const log of topic.partitions) log.close();
    if (this.dataDir) removeTopicDir(this.dataDir, name);
    this.logger.info({ topic: name }, 'topic deleted');
    return ErrorCode.NONE;
  }

  private open(name: string, count: number): void {
    const partitions: PartitionLog[] = [];
    for (let p = 0; p < count; p++) {
      if (!this.dataDir) {
        partitions.push(new PartitionLog());
        continue;
      }
      const { segment, batches } = SegmentFile.openAndRecover(segmentPath(this.dataDir, name, p), this.logger);
      const log = new PartitionLog(segment);
      log.restore(batches);
      partitions.push(log);
    }
    this.topics.set(name, { name, partitions });
  }

  maxProducerId(): number {
    let max = -1;
    for (const t of this.topics.values()) for (const p of t.partitions) max = Math.max(max, p.maxProducerId());
    return max;
  }

  async syncAll(): Promise<void> {
    await Promise.all([...this.topics.values()].flatMap((t) => t.partitions.map((p) => p.sync())));
  }

  closeAll(): void {
    for (const t of this.topics.values()) for (const p of t.partitions) p.close();
    this.topics.clear();
  }
}
