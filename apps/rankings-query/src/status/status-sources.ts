import { OnModuleDestroy } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { readReconcileReport, type RedisStore } from '@app/cache';
import { deadLetterTopic } from '@app/contracts';
import { readOutboxBacklog } from '@app/database';
import type { LoadedConfig } from '@app/config';
import type { ProjectionFreshness } from '../freshness/projection-freshness';
import type { LastReconcile, StatusSources } from './status-snapshot';

/**
 * The status page's figures, each read where it lives: projections from this process's
 * freshness monitors, the backlog from Postgres (the relay may be the thing that is down),
 * dead letters as the DLQ topic's size in Kafka, the last reconcile from what `ops
 * reconcile` saved in Redis. Thin on purpose: when a read model moves, only this changes.
 * The Kafka admin connects on first view, not at start-up.
 */
export class RuntimeStatusSources implements StatusSources, OnModuleDestroy {
  private admin?: Promise<Admin>;

  constructor(
    private readonly config: LoadedConfig,
    private readonly redis: RedisStore,
    private readonly pool: Pool,
    private readonly kafka: Kafka,
    private readonly freshness: ProjectionFreshness,
  ) {}

  get slaMs(): number {
    return this.config.FRESHNESS_SLA_MS;
  }

  async projections() {
    return this.freshness.reports();
  }

  async backlog() {
    return readOutboxBacklog(this.pool);
  }

  async deadLetters() {
    const topic = deadLetterTopic(this.config.KAFKA_TOPIC);
    const admin = await (this.admin ??= this.connectAdmin());
    const offsets = await admin.fetchTopicOffsets(topic);
    const messages = offsets.reduce((sum, p) => sum + (Number(p.high) - Number(p.low)), 0);
    return { topic, messages };
  }

  async lastReconcile(): Promise<LastReconcile | null> {
    return readReconcileReport(this.redis, this.config.REDIS_KEY_PREFIX);
  }

  async onModuleDestroy(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await Promise.allSettled([admin?.then((a) => a.disconnect())]);
  }

  private async connectAdmin(): Promise<Admin> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      return admin;
    } catch (error) {
      this.admin = undefined; // try again on the next view
      throw error;
    }
  }
}
