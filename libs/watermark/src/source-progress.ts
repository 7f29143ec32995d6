import type { Admin, Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { readOutboxBacklog } from '@app/database';
import { createKafka, readGroupOffsets } from '@app/kafka';
import type { PartitionObservation } from './pending-events';

/**
 * Reads where each pending event is, from the sources of record: the outbox in Postgres
 * (committed, not yet published) and, per partition, the topic's end offset against the
 * projection's committed offset in Kafka. Never from a cache: a cache can outlive the
 * data it describes (a recreated database under old Redis keys).
 */
export class SourceProgress {
  private admin: Admin | null = null;
  private connecting: Promise<Admin> | null = null;
  private closed = false;

  /**
   * With a Kafka client of its own that never retries (kafkajs retries a request, and the
   * group-coordinator lookup inside it, for seconds by default): a read the monitor gave up
   * on (its timeout) must not go on in the background, nor reconnect after close(). A
   * failed read counts as unknown, and the monitor reads again at its next interval.
   */
  private readonly kafka: Kafka;

  constructor(
    brokers: string[],
    clientId: string,
    private readonly pool: Pool,
    private readonly topic: string,
  ) {
    this.kafka = createKafka({ brokers, clientId, retries: 0 });
  }

  /** Age in ms of the oldest committed, unpublished outbox event; 0 when the outbox is drained. */
  async outboxOldestAgeMs(): Promise<number> {
    return (await readOutboxBacklog(this.pool)).oldestAgeSeconds * 1000;
  }

  /** Committed and end offsets of every partition for one consumer group. */
  async partitions(groupId: string): Promise<PartitionObservation[]> {
    const offsets = (await readGroupOffsets(await this.connected(), this.topic, [groupId])).get(groupId) ?? [];
    // No commit yet: everything from the partition's start (low) is pending.
    return offsets.map(({ partition, committed, low, end }) => ({ partition, committed: committed ?? low, end }));
  }

  async close(): Promise<void> {
    this.closed = true;
    const admin = this.admin;
    this.admin = null;
    this.connecting = null;
    await admin?.disconnect();
  }

  private connected(): Promise<Admin> {
    if (this.closed) return Promise.reject(new Error('freshness sources are closed'));
    this.connecting ??= (async () => {
      const admin = this.kafka.admin();
      try {
        await admin.connect();
      } catch (error) {
        this.connecting = null;
        throw error;
      }
      // A read that outlived its timeout may connect after close(): that connection must not leak.
      if (this.closed) {
        await admin.disconnect();
        throw new Error('freshness sources are closed');
      }
      this.admin = admin;
      return admin;
    })();
    return this.connecting;
  }
}
