import { OnModuleDestroy } from '@nestjs/common';
import type { Admin } from 'kafkajs';
import { Pool } from 'pg';
import { readReconcileReport } from '@app/cache';
import { deadLetterTopic } from '@app/contracts';
import { readOutboxBacklog } from '@app/database';
import { createKafka } from '@app/kafka';
import type { QueryRuntime } from '../query-runtime';
import type { LastReconcile, StatusSources } from './status-snapshot';

/**
 * The status page's figures, each read where it lives: projections from this process's
 * freshness monitors, the backlog from Postgres (the relay may be the thing that is down),
 * dead letters as the DLQ topic's size in Kafka, the last reconcile from what `ops
 * reconcile` saved in Redis. Thin on purpose: when a read model moves, only this changes.
 * The Postgres pool and Kafka admin are opened on first view, not at start-up.
 */
export class RuntimeStatusSources implements StatusSources, OnModuleDestroy {
  private pool?: Pool;
  private admin?: Promise<Admin>;

  constructor(private readonly runtime: QueryRuntime) {}

  get slaMs(): number {
    return this.runtime.config.FRESHNESS_SLA_MS;
  }

  async projections() {
    return this.runtime.monitors.map((m) => m.report());
  }

  async backlog() {
    if (!this.pool) {
      this.pool = new Pool({ connectionString: this.runtime.config.DATABASE_URL, max: 1, connectionTimeoutMillis: 1000, application_name: 'rankings-query-status' });
      this.pool.on('error', () => undefined); // a dropped idle connection is replaced on the next view
    }
    return readOutboxBacklog(this.pool);
  }

  async deadLetters() {
    const topic = deadLetterTopic(this.runtime.config.KAFKA_TOPIC);
    const admin = await (this.admin ??= this.connectAdmin());
    const offsets = await admin.fetchTopicOffsets(topic);
    const messages = offsets.reduce((sum, p) => sum + (Number(p.high) - Number(p.low)), 0);
    return { topic, messages };
  }

  async lastReconcile(): Promise<LastReconcile | null> {
    return readReconcileReport(this.runtime.redis, this.runtime.config.REDIS_KEY_PREFIX);
  }

  async onModuleDestroy(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await Promise.allSettled([this.pool?.end(), admin?.then((a) => a.disconnect())]);
  }

  private async connectAdmin(): Promise<Admin> {
    const { config } = this.runtime;
    const admin = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-status` }).admin();
    try {
      await admin.connect();
      return admin;
    } catch (error) {
      this.admin = undefined; // try again on the next view
      throw error;
    }
  }
}
