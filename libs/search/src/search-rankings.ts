import { errors as esErrors } from '@elastic/elasticsearch';
import type { Client } from '@elastic/elasticsearch';
import { DIVISION_ORDER, type RankedEntry } from '@app/rankings';
import { ENTRY_SOURCE_FIELDS, entryFromDocument, EntrySource } from './ranking-document';
import { decodeCursor, encodeCursor, RankingCursor } from './ranking-cursor';
import { DIVISION_SORT, rankedBefore } from './division-order-query';

export interface RankingsQuery {
  divisionId: string;
  weightClass?: string;
  q?: string;
  size: number;
  cursor?: string;
}

export interface RankingsPage {
  items: RankedEntry[];
  total: number;
  nextCursor: string | null;
}

/** Division ranks of athletes from a store that keeps the order (null: not ranked there yet). */
export type RankSource = (athleteIds: string[]) => Promise<Array<number | null>>;

/**
 * One page of a division's rankings through the read alias. `rank` is the position in the
 * whole division: from `rankSource` when given (the Redis order set, one round trip);
 * otherwise, and for items it does not rank yet, the page offset without filters, or with
 * `weightClass` or `q` counted against the unfiltered division (one `_msearch` per page).
 */
export async function searchRankings(client: Client, alias: string, query: RankingsQuery, rankSource?: RankSource): Promise<RankingsPage> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const filtered = Boolean(query.weightClass || query.q?.trim());
  const result = await client.search<EntrySource>({ ...searchBody(alias, query, cursor), _source: [...ENTRY_SOURCE_FIELDS] });
  const hits = result.hits.hits.filter((h) => h._source);
  const total = totalOf(result.hits.total);
  const docs = hits.map((h) => h._source as EntrySource);
  const counted = (subset: EntrySource[]) =>
    filtered ? divisionRanks(client, alias, subset) : Promise.resolve(subset.map((d) => (cursor?.served ?? 0) + docs.indexOf(d) + 1));
  const ranks = rankSource ? await withFallback(await rankSource(docs.map((d) => d.athleteId)), docs, counted) : await counted(docs);
  const items = hits.map((h, i) => ({ rank: ranks[i], ...entryFromDocument(h._source as EntrySource) }));
  return { items, total, nextCursor: nextCursorOf(query, cursor, hits, total) };
}

/** A page of athlete ids in division order, without documents: the caller has their entries elsewhere. */
export interface RankedIdsPage {
  athleteIds: string[];
  total: number;
  nextCursor: string | null;
}

/**
 * The page `searchRankings` would serve, as athlete ids only (`_source: false`): the
 * athletes come from the hits' sort values (DIVISION_SORT ends with the athlete id), so
 * Elasticsearch neither filters nor sends a source and the reader parses a few values a hit.
 */
export async function searchRankingIds(client: Client, alias: string, query: RankingsQuery): Promise<RankedIdsPage> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const result = await client.search({ ...searchBody(alias, query, cursor), _source: false });
  const hits = result.hits.hits;
  const total = totalOf(result.hits.total);
  const athleteIds = hits.map((h) => String((h.sort as unknown[])[DIVISION_ORDER.length]));
  return { athleteIds, total, nextCursor: nextCursorOf(query, cursor, hits, total) };
}

/**
 * The search of a page. `request_cache`: between two refreshes that change the index, the
 * same page is answered from Elasticsearch's shard request cache (a broadcast asks the same
 * filtered pages over and over); a refresh that changes the data invalidates it, so the
 * answer is the one the search would compute.
 */
function searchBody(alias: string, query: RankingsQuery, cursor: RankingCursor | null) {
  return {
    index: alias,
    request_cache: true,
    size: query.size,
    track_total_hits: true,
    query: { bool: { filter: filtersFor(query), must: nameClauses(query.q) } },
    sort: DIVISION_SORT as never,
    ...(cursor ? { search_after: cursor.after } : {}),
  };
}

function totalOf(total: number | { value: number } | undefined): number {
  return typeof total === 'number' ? total : (total?.value ?? 0);
}

/** A cursor after the page's last hit, when the page is full and more match. */
function nextCursorOf(query: RankingsQuery, cursor: RankingCursor | null, hits: Array<{ sort?: unknown[] }>, total: number): string | null {
  const served = (cursor?.served ?? 0) + hits.length;
  const last = hits[hits.length - 1];
  const more = hits.length === query.size && served < total && last?.sort;
  return more ? encodeCursor({ after: last.sort as Array<string | number>, served }) : null;
}

/** Ranks the source knows, the rest counted (an athlete Elasticsearch has and the source not yet). */
async function withFallback(
  ranks: Array<number | null>,
  docs: EntrySource[],
  counted: (subset: EntrySource[]) => Promise<number[]>,
): Promise<number[]> {
  const missing = docs.filter((_, i) => ranks[i] === null);
  if (missing.length === 0) return ranks as number[];
  const filled = await counted(missing);
  return ranks.map((r, i) => r ?? filled[missing.indexOf(docs[i])]);
}

/** The athlete's entry with its division rank; null if unknown or not registered yet. */
export async function findRankingEntry(client: Client, alias: string, athleteId: string): Promise<RankedEntry | null> {
  const result = await client.search<EntrySource>({
    index: alias,
    size: 1,
    _source: [...ENTRY_SOURCE_FIELDS],
    query: { bool: { filter: [{ term: { kind: 'athlete' } }, { term: { athleteId } }, { term: { registered: true } }] } },
  });
  const doc = result.hits.hits[0]?._source;
  if (!doc) return null;
  return { rank: await divisionRank(client, alias, doc), ...entryFromDocument(doc) };
}

/** 1 + the number of the division's athletes that come before `doc` in division order. */
async function divisionRank(client: Client, alias: string, doc: EntrySource): Promise<number> {
  return (await divisionRanks(client, alias, [doc]))[0];
}

/**
 * The division ranks of `docs`, counted in ONE `_msearch` request (one `size: 0` search with
 * exact totals per document). A failed item fails the whole call with that item's
 * ResponseError, as a failed `_count` would.
 */
async function divisionRanks(client: Client, alias: string, docs: EntrySource[]): Promise<number[]> {
  if (docs.length === 0) return [];
  const searches = docs.flatMap((doc) => [{}, { size: 0, track_total_hits: true, query: beforeInDivision(doc) }]);
  const result = await client.msearch({ index: alias, searches }, { meta: true });
  return result.body.responses.map((item) => {
    if ('error' in item) throw new esErrors.ResponseError({ ...result, statusCode: item.status, body: item });
    return totalOf(item.hits.total) + 1;
  });
}

/** The division's athletes that come before `doc` in division order. */
export function beforeInDivision(doc: EntrySource): object {
  return { bool: { filter: [...filtersFor({ divisionId: doc.divisionId }), rankedBefore(doc)] } };
}

function filtersFor(query: Pick<RankingsQuery, 'divisionId' | 'weightClass'>): object[] {
  const filters: object[] = [{ term: { kind: 'athlete' } }, { term: { divisionId: query.divisionId } }, { term: { registered: true } }];
  if (query.weightClass) filters.push({ term: { weightClass: query.weightClass } });
  return filters;
}

/**
 * Every word of `q` must start a word of the name (case-, accent- and German-spelling-
 * insensitive: "j conceicao" finds "João Conceição", "Mueller" finds "Müller"): one match on
 * the edge n-gram subfield, whose search analyzer normalises the query the same way.
 */
function nameClauses(q: string | undefined): object[] {
  const text = (q ?? '').trim();
  return text === '' ? [] : [{ match: { 'name.prefix': { query: text, operator: 'and' } } }];
}
