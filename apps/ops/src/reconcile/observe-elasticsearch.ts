import type { Client } from '@elastic/elasticsearch';
import type { RankedEntry } from '@app/rankings';
import { searchRankings } from '@app/search';

const PAGE = 500;

/** Division ranks of athletes from the store that keeps the order (what /rankings passes to searchRankings). */
export type DivisionRanks = (athleteIds: string[]) => Promise<Array<number | null>>;

/**
 * A division's rankings exactly as `GET /rankings?divisionId=` serves them from
 * Elasticsearch, page after page: the same library call the read API makes, with the
 * ranks taken from the Redis order as the read API does (ranks ES counts itself for
 * athletes Redis does not rank). Thin on purpose: when the read model changes, only this
 * adapter follows it.
 */
export async function observeSearchRankings(es: Client, alias: string, divisionId: string, ranks?: DivisionRanks): Promise<RankedEntry[]> {
  const entries: RankedEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await searchRankings(es, alias, { divisionId, size: PAGE, ...(cursor ? { cursor } : {}) }, ranks);
    entries.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return entries;
}
