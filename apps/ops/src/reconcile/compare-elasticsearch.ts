import type { Client } from '@elastic/elasticsearch';
import type { RankingEntry } from '@app/rankings';
import { entryFromDocument, RankingDocument } from '@app/search';
import { Drift, diffRecords } from './drift';
import { DivisionRanks, observeSearchRankings } from './observe-elasticsearch';
import type { Truth } from './truth';
import { compareVisible } from './visible-order';

/**
 * Entries served through the alias against the truth: one mget per Postgres batch, then,
 * only when the alias holds more athlete documents than it matched, a scan of its ids
 * to name the extra ones; then what users see, each division's rankings list (ranks,
 * order, every field of each line), with the ranks from `ranksOf` as the read API takes
 * them from Redis.
 */
export async function compareElasticsearch(
  es: Client,
  alias: string,
  truth: Truth,
  ranksOf?: (divisionId: string) => DivisionRanks,
): Promise<Drift[]> {
  const drifts: Drift[] = [];
  let found = 0;
  for (const expected of truth.batches) {
    if (expected.size === 0) continue;
    const { docs } = await es.mget<RankingDocument>({ index: alias, ids: [...expected.keys()] });
    const actual = new Map<string, RankingEntry | null>();
    for (const doc of docs) {
      const source = 'found' in doc && doc.found ? doc._source : undefined;
      if (source) found++;
      actual.set(doc._id, source?.registered ? entryFromDocument(source) : null);
    }
    drifts.push(...diffRecords('elasticsearch', 'athlete', asRecords(expected), asRecords(actual)));
  }
  await es.indices.refresh({ index: alias });
  const { count } = await es.count({ index: alias, query: { term: { kind: 'athlete' } } });
  if (count > found) {
    for (const id of await scanAthleteIds(es, alias)) {
      if (!truth.athleteIds.has(id)) drifts.push({ store: 'elasticsearch', model: 'athlete', kind: 'extra', key: id });
    }
  }
  for (const divisionId of truth.divisions) {
    const observed = await observeSearchRankings(es, alias, divisionId, ranksOf?.(divisionId));
    drifts.push(...compareVisible('elasticsearch', 'rankings', divisionId, truth.ranked.get(divisionId) ?? [], observed));
  }
  return drifts;
}

/** Every athlete document id behind the alias, in pages sorted by athleteId. */
export async function scanAthleteIds(es: Client, alias: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string[] | undefined;
  for (;;) {
    const page = await es.search<RankingDocument>({
      index: alias,
      size: 5000,
      query: { term: { kind: 'athlete' } },
      sort: [{ athleteId: 'asc' }],
      _source: ['athleteId'],
      ...(after ? { search_after: after } : {}),
    });
    const hits = page.hits.hits;
    if (hits.length === 0) return ids;
    for (const hit of hits) ids.push(hit._id!);
    after = hits[hits.length - 1]!.sort as string[];
  }
}

function asRecords(map: Map<string, RankingEntry | null>): Map<string, Record<string, unknown> | null> {
  return map as unknown as Map<string, Record<string, unknown> | null>;
}
