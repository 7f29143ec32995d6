export { createSearchClient } from './search-client';
export type { SearchClientOptions } from './search-client';
export { RANKINGS_INDEX_MAPPINGS, RANKINGS_INDEX_SETTINGS } from './index-definition';
export { buildingAlias, newIndexVersion, physicalIndexName } from './index-naming';
export {
  createVersionedIndex,
  ensureRankingsIndex,
  indicesBehindAlias,
  listRankingIndices,
  registerBuildingIndex,
  swapAlias,
  unregisterBuildingIndex,
} from './indices';
export type { RankingsIndexInfo } from './indices';
export { createWriteTargetResolver, resolveWriteTargets, WRITE_TARGETS_CACHE_MS } from './write-targets';
export type { WriteTargets } from './write-targets';
export { entryFromDocument, factDocumentId, toRankingDocument } from './ranking-document';
export type { MatchFactDocument, RankingDocument } from './ranking-document';
export { BulkWriteError, mergeIntoIndices, mergeSearchable, PendingHints } from './merge-documents';
export type { SearchWrite, WriteCost } from './merge-documents';
export { ELASTICSEARCH_PROJECTION, PROJECTION_STATE_ID, readSearchWatermark } from './projection-state';
export type { ProjectionStateDocument, SearchWatermark } from './projection-state';
export { beforeInDivision, findRankingEntry, searchRankingIds, searchRankings } from './search-rankings';
export { DIVISION_SORT, rankedBefore } from './division-order-query';
export type { RankedIdsPage, RankingsPage, RankingsQuery } from './search-rankings';
export { decodeCursor, encodeCursor, InvalidCursorError, placeOf, sortValuesOf } from './ranking-cursor';
export type { RankingCursor } from './ranking-cursor';
export { replaceWithTruth } from './replace-documents';
