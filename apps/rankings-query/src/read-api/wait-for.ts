import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { hasAppliedEvent } from '@app/cache';
import { Redis } from 'ioredis';
import { CONFIG, type LoadedConfig } from '@app/config';

export const STALE_HEADER = 'X-Projection-Stale';
export const DEFAULT_WAIT_MS = 2000;
const POLL_MS = 20;

/**
 * Read-your-own-writes: waits until the projection serving a read has stored an event.
 * The markers live in Redis, so any query instance can answer for any projector instance.
 */
@Injectable()
export class WaitForEvent {
  constructor(
    @Inject(Redis) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: LoadedConfig,
  ) {}

  /**
   * Honours `waitFor` before a read: returns when the event is applied, or marks the
   * response stale once `waitMs` ran out. Without `waitFor` it returns at once.
   */
  async beforeRead(projection: string, options: { waitFor?: string; waitMs?: number }, reply: FastifyReply): Promise<void> {
    if (!options.waitFor) return;
    const applied = await this.until(projection, options.waitFor, options.waitMs ?? DEFAULT_WAIT_MS);
    if (!applied) void reply.header(STALE_HEADER, 'true');
  }

  /** True once applied; false when `waitMs` ran out (or the marker store is unreachable). */
  async until(projection: string, eventId: string, waitMs = DEFAULT_WAIT_MS): Promise<boolean> {
    const { redis, config } = this;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const applied = await hasAppliedEvent(redis, config.REDIS_KEY_PREFIX, projection, eventId).catch(() => false);
      if (applied) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, left)));
    }
  }
}
