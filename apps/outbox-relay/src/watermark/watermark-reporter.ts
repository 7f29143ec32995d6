import type { RedisStore } from '@app/cache';
import type { Logger } from '@app/observability';
import { writeSourceWatermark } from '@app/watermark';
import type { OutboxRow } from '../outbox/outbox-row';

/**
 * Keeps the source watermark in Redis current for the projections' freshness monitors:
 * the newest published event time, written after each acknowledged batch, and a
 * heartbeat every second. Writes never block publishing (Redis is not on the relay's
 * critical path): at most one write is in flight and the latest state wins.
 */
export class WatermarkReporter {
  private newest: number | null = null;
  private writing = false;
  private dirty = false;
  private failing = false;

  constructor(
    private readonly redis: RedisStore,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  published(rows: OutboxRow[]): void {
    for (const row of rows) {
      const at = row.occurredAt.getTime();
      if (Number.isFinite(at) && (this.newest === null || at > this.newest)) this.newest = at;
    }
    this.flush();
  }

  /**
   * Only called while this relay leads and both Postgres and Kafka are healthy: a
   * heartbeat means "nothing publishable is waiting", so a stuck relay's goes stale.
   */
  heartbeat(): void {
    this.flush();
  }

  private flush(): void {
    if (this.writing) {
      this.dirty = true;
      return;
    }
    this.writing = true;
    void writeSourceWatermark(this.redis, this.prefix, { newestPublishedOccurredAt: this.newest, heartbeatAt: Date.now() })
      .then(() => this.reportFailure(null), (error: Error) => this.reportFailure(error))
      .finally(() => {
        this.writing = false;
        if (this.dirty) {
          this.dirty = false;
          this.flush();
        }
      });
  }

  private reportFailure(error: Error | null): void {
    if (error && !this.failing) this.logger.warn({ err: error }, 'source watermark cannot be written to Redis');
    if (!error && this.failing) this.logger.info('source watermark written to Redis again');
    this.failing = error !== null;
  }
}
