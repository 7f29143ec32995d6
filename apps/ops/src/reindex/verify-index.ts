import type { Client } from '@elastic/elasticsearch';
import type { Pool } from 'pg';
import { toRankingEntry } from '@app/rankings';
import { entryFromDocument, RankingDocument } from '@app/search';
import { OpsError } from '../cli/exit-codes';
import { sameValue } from '../reconcile/drift';
import { selectAthletes } from '../snapshot/snapshot-query';

export interface Verification {
  athletesInPostgres: number;
  documentsInIndex: number;
  spotChecked: number;
}

const SETTLE_ATTEMPTS = 10;
const SETTLE_DELAY_MS = 500;

/**
 * Before the swap: the new index holds one registered document per athlete in Postgres,
 * and a random sample of documents equals what the ranking rules derive from Postgres.
 * A live write in flight can make a check differ for a moment, so a check is repeated
 * a few times before the build is declared bad.
 */
export async function verifyIndex(es: Client, pool: Pool, index: string, samples = 50): Promise<Verification> {
  let last = '';
  for (let attempt = 1; attempt <= SETTLE_ATTEMPTS; attempt++) {
    await es.indices.refresh({ index });
    const counts = await countBoth(es, pool, index);
    const mismatches = counts.postgres === counts.registered && counts.registered === counts.all ? await spotCheck(es, pool, index, samples) : [];
    if (counts.postgres === counts.registered && counts.registered === counts.all && mismatches.length === 0) {
      return { athletesInPostgres: counts.postgres, documentsInIndex: counts.registered, spotChecked: samples };
    }
    last =
      mismatches.length > 0
        ? `${mismatches.length} of ${samples} sampled documents differ from Postgres (first: ${mismatches[0]})`
        : `${counts.postgres} athletes in Postgres, ${counts.registered} registered documents and ${counts.all} athlete documents in ${index}`;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_DELAY_MS));
  }
  throw new OpsError(`verification of ${index} failed: ${last}`, undefined, 'the alias was not moved; fix the cause and run `npm run ops -- reindex --resume`');
}

async function countBoth(es: Client, pool: Pool, index: string) {
  const [pg, registered, all] = await Promise.all([
    pool.query<{ n: string }>('SELECT count(*) AS n FROM athletes'),
    es.count({ index, query: { bool: { filter: [{ term: { kind: 'athlete' } }, { term: { registered: true } }] } } }),
    es.count({ index, query: { term: { kind: 'athlete' } } }),
  ]);
  return { postgres: Number(pg.rows[0]?.n ?? 0), registered: registered.count, all: all.count };
}

async function spotCheck(es: Client, pool: Pool, index: string, samples: number): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM athletes ORDER BY random() LIMIT $1', [samples]);
  const truth = await selectAthletes(pool, rows.map((r) => r.id));
  if (truth.length === 0) return [];
  const { docs } = await es.mget<RankingDocument>({ index, ids: truth.map((s) => s.athleteId) });
  const mismatches: string[] = [];
  docs.forEach((doc, i) => {
    const expected = toRankingEntry(truth[i]!);
    const source = 'found' in doc && doc.found ? doc._source : undefined;
    if (!source || !sameValue(expected, entryFromDocument(source))) mismatches.push(truth[i]!.athleteId);
  });
  return mismatches;
}
