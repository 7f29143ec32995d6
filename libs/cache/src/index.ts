export { createRedisClient, createRedisClusterClient, createRedisStore, dataNodes, isCluster, slotOf } from './redis-client';
export type { RedisClientOptions, RedisStore, RedisTarget } from './redis-client';
export { APPLIED_EVENT_TTL_MS, cacheKeys, divisionKeys } from './keys';
export type { CacheKeys, DivisionKeys } from './keys';
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
export { changesFromEvents, changesFromStates, splitChanges } from './projection/division-changes';
export type { DivisionChanges } from './projection/division-changes';
export { REDIS_PROJECTION, writeProjection } from './projection/write-projection';
export type { ProjectionWrite } from './projection/write-projection';
export {
  readAthleteBody,
  readAthleteEntry,
  readDivisionEntries,
  readDivisionRanks,
  readDivisionStats,
  readLeaderboard,
  readLeaderboardBody,
  readRankingsPage,
  readStatsBody,
  scanAthleteIds,
} from './views/read-views';
export type { LeaderboardBody, LeaderboardItem, RankingsPageSlice } from './views/read-views';
export { AthleteDivisions } from './views/athlete-divisions';
export { decodeOrderScore, LEADERBOARD_DEFAULT, LEADERBOARD_MAX, orderScore, orderScoreLua, RANKINGS_PAGE_DEFAULT, SCORE_BITS, SCORE_PARTS } from './views/score';
export type { OrderKey } from './views/score';
export { readCacheWatermark } from './projection-state';
export type { StoredWatermark } from './projection-state';
export { AppliedMarkerWriter, hasAppliedEvent, markEventsApplied } from './applied/applied-markers';
export type { AppliedEvent } from './applied/applied-markers';
export {
  appliedChannel,
  leaderboardChangedChannel,
  parseAppliedNotification,
  parseLeaderboardChanged,
} from './applied/channels';
export type { AppliedNotification, LeaderboardChanged } from './applied/channels';
export { EventWaiters, TooManyWaitersError } from './applied/event-waiters';
export type { EventWaitersOptions } from './applied/event-waiters';
export { readReconcileReport, writeReconcileReport } from './reconcile-report';
export type { ReconcileReport } from './reconcile-report';
