import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { EventWaiters } from '@app/cache';
import { CONFIG, type LoadedConfig } from '@app/config';

/**
 * The process's one subscription to the projectors' applied notifications, shared by
 * every waiting request (a subscribed connection cannot read, hence its own connection).
 */
@Injectable()
export class EventWaitersService implements OnModuleInit, OnApplicationShutdown {
  readonly waiters: EventWaiters;

  constructor(@Inject(Redis) redis: Redis, @Inject(CONFIG) config: LoadedConfig) {
    this.waiters = new EventWaiters({
      redis,
      subscriber: redis.duplicate({ connectionName: 'rankings-query-waitfor' }),
      prefix: config.REDIS_KEY_PREFIX,
      maxWaiters: config.WAIT_FOR_MAX_WAITERS,
    });
  }

  async onModuleInit(): Promise<void> {
    // Redis may be down at start-up: ioredis subscribes once it connects.
    await this.waiters.start().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.waiters.stop();
  }
}
