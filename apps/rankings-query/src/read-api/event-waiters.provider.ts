import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { createRedisStore, EventWaiters, type RedisStore } from '@app/cache';
import { CONFIG, type LoadedConfig } from '@app/config';
import { REDIS_STORE } from '../read-clients';

/**
 * The process's one subscription to the projectors' applied notifications, shared by
 * every waiting request (a subscribed connection cannot read, hence its own connection).
 */
@Injectable()
export class EventWaitersService implements OnModuleInit, OnApplicationShutdown {
  readonly waiters: EventWaiters;

  constructor(@Inject(REDIS_STORE) redis: RedisStore, @Inject(CONFIG) config: LoadedConfig) {
    this.waiters = new EventWaiters({
      redis,
      // Its own connection, made like the shared one: a Cluster's duplicate() takes startup
      // nodes, not a client's options.
      subscriber: createRedisStore(config, { connectionName: 'rankings-query-waitfor' }),
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
