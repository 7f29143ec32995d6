import { ErrorCode } from '../protocol/error-codes';
import { Logger } from '../logger';
import { openPartitionDir, partitionStorage } from '../persistence/partition-dir';
import { listStoredTopics, partitionDir, removeTopicDir, writeTopicDir } from '../persistence/topic-dirs';
import { MEMORY_STORAGE, PartitionLog } from './partition-log';
import { TopicConfig, TopicOverrides, effectiveConfig } from './topic-config';

export interface Topic {
  name: string;
  partitions: PartitionLog[];
  overrides: TopicOverrides;
  config: TopicConfig;
}

/** Kafka's own rule (AK `Topic.java`); it also keeps names safe as directory names. */
const LEGAL_TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;
/** Every partition owns files and timers: bound what one request can allocate. */
const MAX_PARTITIONS = 1000;

export function isLegalTopicName(name: string): boolean {
  return LEGAL_TOPIC.test(name) && name !== '.' && name !== '..';
}

/**
 * All topics, their configs and partition logs. Creation is synchronous (directory and
 * segments exist before the call returns), so the Metadata answer that auto-creates a topic
 * already lists its partitions with a leader: clients never see LEADER_NOT_AVAILABLE.
 */
export class TopicRegistry {
  private readonly topics = new Map<string, Topic>();

  constructor(
    private readonly dataDir: string | undefined,
    readonly defaultPartitions: number,
    private readonly logger: Logger,
  ) {}

  /** Opens every stored topic from the data dir (no-op when memory-only). */
  load(): void {
    if (!this.dataDir) return;
    for (const stored of listStoredTopics(this.dataDir)) this.open(stored.name, stored.partitions, stored.configs ?? {});
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
  create(name: string, partitions: number, overrides: TopicOverrides = {}): number {
    if (!isLegalTopicName(name)) return ErrorCode.INVALID_TOPIC_EXCEPTION;
    if (this.topics.has(name)) return ErrorCode.TOPIC_ALREADY_EXISTS;
    const count = partitions === -1 ? this.defaultPartitions : partitions;
    if (count < 1 || count > MAX_PARTITIONS) return ErrorCode.INVALID_PARTITIONS;
    if (this.dataDir) writeTopicDir(this.dataDir, { name, partitions: count, configs: overrides });
    this.open(name, count, overrides);
    this.logger.info({ topic: name, partitions: count, configs: overrides }, 'topic created');
    return ErrorCode.NONE;
  }

  /** The topic, auto-creating it with the default partition count; undefined if the name is illegal. */
  ensure(name: string): Topic | undefined {
    if (!this.topics.has(name)) this.create(name, -1);
    return this.topics.get(name);
  }

  /** CreatePartitions: grows a topic to `count` partitions (Kafka never shrinks one). */
  addPartitions(name: string, count: number, validateOnly: boolean): { errorCode: number; message: string | null } {
    const topic = this.topics.get(name);
    if (!topic) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: `The topic '${name}' does not exist.` };
    const current = topic.partitions.length;
    if (count <= current) {
      const message = count === current ? `Topic already has ${current} partitions.` : `Topic currently has ${current} partitions, which is higher than the requested ${count}.`;
      return { errorCode: ErrorCode.INVALID_PARTITIONS, message };
    }
    if (count > MAX_PARTITIONS) return { errorCode: ErrorCode.INVALID_PARTITIONS, message: `at most ${MAX_PARTITIONS} partitions` };
    if (validateOnly) return { errorCode: ErrorCode.NONE, message: null };
    for (let p = current; p < count; p++) topic.partitions.push(this.openPartition(topic, p));
    this.persist(topic);
    this.logger.info({ topic: name, partitions: count }, 'partitions added');
    return { errorCode: ErrorCode.NONE, message: null };
  }

  /** AlterConfigs: replaces the topic's overrides as a whole (unset ones revert to defaults). */
  setOverrides(name: string, overrides: TopicOverrides): void {
    const topic = this.topics.get(name);
    if (!topic) return;
    topic.overrides = overrides;
    topic.config = effectiveConfig(overrides);
    this.persist(topic);
    this.logger.info({ topic: name, configs: overrides }, 'topic configs altered');
  }

  /** Deletes what retention no longer keeps, in every partition; returns segments deleted. */
  enforceRetention(now = Date.now()): number {
    let deleted = 0;
    for (const topic of this.topics.values()) for (const log of topic.partitions) deleted += log.enforceRetention(now);
    return deleted;
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

  private open(name: string, count: number, overrides: TopicOverrides): void {
    const topic: Topic = { name, partitions: [], overrides, config: effectiveConfig(overrides) };
    for (let p = 0; p < count; p++) topic.partitions.push(this.openPartition(topic, p));
    this.topics.set(name, topic);
  }

  private openPartition(topic: Topic, p: number): PartitionLog {
    const config = () => topic.config;
    if (!this.dataDir) return new PartitionLog(MEMORY_STORAGE, config);
    const dir = partitionDir(this.dataDir, topic.name, p);
    return PartitionLog.restore(partitionStorage(dir), config, (onBatch) => openPartitionDir(dir, this.logger, onBatch));
  }

  private persist(topic: Topic): void {
    if (this.dataDir) writeTopicDir(this.dataDir, { name: topic.name, partitions: topic.partitions.length, configs: topic.overrides });
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
