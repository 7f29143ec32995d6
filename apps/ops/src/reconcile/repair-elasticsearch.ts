import type { Client } from '@elastic/elasticsearch';
import type { Pool } from 'pg';
import { RankingDocument, toRankingDocument } from '@app/search';
import { selectAthletes } from '../snapshot/snapshot-query';

const MAX_ROUNDS = 10;

/**
 * Replaces drifted documents with the truth (a merge would keep a damaged state that
 * claims a higher revision). Order matters against a concurrent live write: the stored
 * document's seq_no is read first, Postgres after it, and the write is guarded by that
 * seq_no. A live write that landed before the read is already in Postgres; one that lands
 * after makes the guarded write fail with 409 and the athlete is simply done again.
 * Documents for athletes Postgres does not know are deleted under the same guard.
 */
export async function repairElasticsearch(es: Client, pool: Pool, alias: string, athleteIds: string[]): Promise<number> {
  let pending = [...new Set(athleteIds)];
  let repaired = 0;
  for (let round = 1; pending.length > 0; round++) {
    if (round > MAX_ROUNDS) throw new Error(`documents ${pending.slice(0, 5).join(', ')} kept changing during repair`);
    const { docs } = await es.mget<RankingDocument>({ index: alias, ids: pending, _source: false });
    const truth = new Map((await selectAthletes(pool, pending)).map((s) => [s.athleteId, s]));
    const targetIndex = await aliasIndex(es, alias);
    const operations: object[] = [];
    docs.forEach((doc) => {
      const found = 'found' in doc && doc.found ? doc : null;
      const guard = found ? { _index: found._index, _id: doc._id, if_seq_no: found._seq_no, if_primary_term: found._primary_term } : null;
      const state = truth.get(doc._id);
      if (state) operations.push(guard ? { index: guard } : { create: { _index: targetIndex, _id: doc._id } }, toRankingDocument(state));
      else if (guard) operations.push({ delete: guard });
    });
    if (operations.length === 0) return repaired;
    const result = await es.bulk({ operations, refresh: true });
    const retry: string[] = [];
    for (const item of result.items) {
      const outcome = item.index ?? item.create ?? item.delete;
      if (!outcome) continue;
      if (outcome.status === 409) retry.push(outcome._id!);
      else if (outcome.status >= 300 && !(item.delete && outcome.status === 404)) {
        throw new Error(`repair of ${outcome._index}/${outcome._id} rejected: ${outcome.status} ${outcome.error?.reason ?? ''}`);
      } else repaired++;
    }
    pending = retry;
  }
  return repaired;
}

async function aliasIndex(es: Client, alias: string): Promise<string> {
  const body = (await es.indices.getAlias({ name: alias })) as Record<string, unknown>;
  const [index] = Object.keys(body);
  if (!index) throw new Error(`alias ${alias} points to no index`);
  return index;
}
