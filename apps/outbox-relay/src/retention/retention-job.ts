import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from '@app/observability';
import type { LeaderSession } from '../leader/leader-session';
import { deleteCheckpointedBefore } from './retention';

/**
 * Deletes acknowledged rows older than OUTBOX_RETENTION_HOURS every `intervalMs`, on the
 * leader only (standbys would just contend for the same rows). Retention keeps the outbox
 * small, and published rows around long enough to investigate an incident.
 */
export class RetentionJob implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly leader: LeaderSession,
    private readonly retentionHours: number,
    private readonly logger: Logger,
    private readonly intervalMs = 60_000,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(): void {
    this.timer = setInterval(() => {
      if (this.running || !this.leader.isLeader) return;
      this.running = this.runOnce().finally(() => (this.running = null));
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async runOnce(): Promise<void> {
    try {
      const deleted = await deleteCheckpointedBefore(this.pool, this.retentionHours);
      if (deleted > 0) this.logger.info({ deleted, retentionHours: this.retentionHours }, 'deleted acknowledged outbox rows');
    } catch (error) {
      // Postgres trouble is reported by the health probe; retention simply runs next time.
      this.logger.debug({ err: error }, 'outbox retention failed');
    }
  }
}
