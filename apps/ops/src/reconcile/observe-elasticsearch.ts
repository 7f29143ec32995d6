import type { Client } from '@elastic/elasticsearch';
import type { RankedEntry } from '@app/rankings';
import { searchRankings } from '@app/search';

const PAGE = 500;

/**
 * A division's rankings exactly as `GET /rankings?divisionId=` serves them, page after
 * page (the same library call the read API makes, so ranks are what users see). Thin on
 * purpose: when the read model changes, only this adapter follows it.
 */
export async function observeSearchRankings(es: Client, alias: string, divisionId: string): Promise<RankedEntry[]> {
  const entries: RankedEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await searchRankings(es, alias, { divisionId, size: PAGE, ...(cursor ? { cursor } : {}) });
    entries.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return entries;
}
