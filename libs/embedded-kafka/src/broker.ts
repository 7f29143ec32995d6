import { GroupCoordinator } from './groups/group-coordinator';
import { OffsetStore } from './groups/offset-store';
import { TopicRegistry } from './log/topic-registry';
import { Logger } from './logger';

export interface BrokerSettings {
  dataDir?: string;
  defaultPartitions: number;
  /** Interval of the background fsync of segments and the offset journal. */
  fsyncIntervalMs: number;
  deadConnectionGraceMs: number;
  /** How often retention deletes old segments (Kafka's log.retention.check.interval.ms). */
  retentionCheckIntervalMs: number;
  logger: Logger;
}

export const NODE_ID = 0;
export const CLUSTER_ID = 'embedded-kafka';

/**
 * The broker's state, independent of sockets: topics and their logs, groups and their
 * offsets, the producer id counter, and the background fsync. Handlers get this object.
 */
export class Broker {
  readonly topics: TopicRegistry;
  readonly groups: GroupCoordinator;
  readonly logger: Logger;
  private nextProducerId = 1000;
  private fsyncTimer?: NodeJS.Timeout;
  private readonly retentionTimer: NodeJS.Timeout;

  constructor(settings: BrokerSettings) {
    this.logger = settings.logger;
    this.topics = new TopicRegistry(settings.dataDir, settings.defaultPartitions, settings.logger);
    const offsets = new OffsetStore(settings.dataDir, settings.logger);
    this.groups = new GroupCoordinator(offsets, { deadConnectionGraceMs: settings.deadConnectionGraceMs }, settings.logger);
    this.topics.load();
    offsets.load();
    // Ids must not repeat across restarts, or a new producer would inherit an old one's
    // sequences and be refused (or deduplicated) by mistake.
    this.nextProducerId = Math.max(this.nextProducerId, this.topics.maxProducerId() + 1);
    this.retentionTimer = setInterval(() => this.enforceRetention(), settings.retentionCheckIntervalMs).unref();
    if (settings.dataDir) {
      this.fsyncTimer = setInterval(() => void this.sync(), settings.fsyncIntervalMs).unref();
    }
  }

  enforceRetention(): void {
    try {
      const deleted = this.topics.enforceRetention();
      if (deleted > 0) this.logger.info({ segments: deleted }, 'retention deleted segments');
    } catch (error) {
      this.logger.error({ err: error }, 'retention check failed');
    }
  }

  allocateProducerId(): number {
    return this.nextProducerId++;
  }

  deleteTopic(name: string): number {
    const error = this.topics.delete(name);
    if (error === 0) this.groups.offsets.deleteTopic(name);
    return error;
  }

  async sync(): Promise<void> {
    await Promise.all([this.topics.syncAll(), this.groups.offsets.sync()]);
  }

  close(): void {
    if (this.fsyncTimer) clearInterval(this.fsyncTimer);
    clearInterval(this.retentionTimer);
    this.groups.close();
    this.topics.closeAll();
    this.groups.offsets.close();
  }
}
