import type { Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import { createRedisStore, leaderboardChangedChannel, type RedisStore } from '@app/cache';
import { CONFIG, type LoadedConfig } from '@app/config';
import { LeaderboardHub } from './leaderboard-hub';
import { redisLeaderboardSnapshots } from './leaderboard-snapshot';
import { REDIS_STORE } from '../read-clients';

/**
 * The hub with its own connection (a subscribed Redis connection can do nothing else),
 * started with the module and stopped, ending every stream, before the HTTP server closes.
 */
export function leaderboardHubProvider(logger: Logger): Provider {
  return {
    provide: LeaderboardHub,
    inject: [CONFIG, REDIS_STORE],
    useFactory: async (config: LoadedConfig, redis: RedisStore) => {
      const { REDIS_KEY_PREFIX } = config;
      const hub = new LeaderboardHub(
        // A Cluster when REDIS_CLUSTER_NODES is set (see read-clients.ts): subscribe works on either.
        createRedisStore(config, { connectionName: 'rankings-query-leaderboard-stream' }),
        leaderboardChangedChannel(REDIS_KEY_PREFIX),
        redisLeaderboardSnapshots(redis, REDIS_KEY_PREFIX),
        logger,
      );
      await hub.start();
      return hub;
    },
  };
}
