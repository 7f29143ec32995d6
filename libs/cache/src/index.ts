export { createRedisClient } from './redis-client';
export type { RedisClientOptions } from './redis-client';
export { cacheKeys, generationKeys } from './keys';
export type { CacheKeys, GenerationKeys } from './keys';
export {
  abandonBuildingGeneration,
  createGenerationResolver,
  dropGeneration,
  GENERATION_CACHE_MS,
  promoteBuildingGeneration,
  resolveGenerations,
  startBuildingGeneration,
  writeGenerations,
} from './generations';
export type { Generations } from './generations';
export { APPLIED_EVENT_TTL_SECONDS, CacheWriteConflictError, REDIS_PROJECTION, writeToGenerations } from './write-generations';
export type { CacheWrite } from './write-generations';
export { readAthleteEntry, readDivisionStats, readLeaderboard, scanAthleteStates } from './read-models';
export type { LeaderboardItem } from './read-models';
export { readCacheWatermark } from './projection-state';
export type { StoredWatermark } from './projection-state';
export { hasAppliedEvent, markEventsApplied } from './applied-events';
export {
  leaderboardChangedChannel,
  parseLeaderboardChanged,
  publishLeaderboardChanges,
  readLeaderboardVersion,
} from './leaderboard-channel';
export type { LeaderboardChanged } from './leaderboard-channel';
