import type { Client } from '@elastic/elasticsearch';
import type { AthleteState } from '@app/rankings';
import { indicesBehindAlias } from './indices';
import { factWrite, RankingDocument, toRankingDocument } from './ranking-document';

const MAX_ROUNDS = 10;

/**
 * Replaces documents behind the alias with the truth (a merge would keep a damaged state
 * that claims a higher revision), for reconcile's repair. Order matters against a
 * concurrent live write: each stored document's seq_no is read first, the truth after it,
 * and the write is guarded by that seq_no. A live write that landed before the read is
 * already in the truth; one that lands after makes the guarded write fail with 409 and the
 * athlete is simply done again. Documents the truth does not know are deleted under the
 * same guard. Returns the number of documents written or deleted.
 *
 * The truth's match facts are written first (external version = revision, never moving a
 * fact back): the athlete document claims to count them, so they must exist before it.
 */
export async function replaceWithTruth(
  client: Client,
  alias: string,
  athleteIds: string[],
  loadTruth: (ids: string[]) => Promise<AthleteState[]>,
): Promise<number> {
  let pending = [...new Set(athleteIds)];
  let replaced = 0;
  for (let round = 1; pending.length > 0; round++) {
    if (round > MAX_ROUNDS) throw new Error(`documents ${pending.slice(0, 5).join(', ')} kept changing during repair`);
    const { docs } = await client.mget<RankingDocument>({ index: alias, ids: pending, _source: false });
    const truth = new Map((await loadTruth(pending)).map((s) => [s.athleteId, s]));
    const [targetIndex] = await indicesBehindAlias(client, alias);
    if (!targetIndex) throw new Error(`alias ${alias} points to no index`);
    const operations: object[] = [];
    const factOperations: object[] = [];
    docs.forEach((doc) => {
      const found = 'found' in doc && doc.found ? doc : null;
      const guard = found
        ? { _index: found._index, _id: doc._id, if_seq_no: found._seq_no, if_primary_term: found._primary_term }
        : null;
      const state = truth.get(doc._id);
      if (state) {
        const truth = toRankingDocument(state);
        const index = found?._index ?? targetIndex;
        for (const fact of truth.facts) factOperations.push(...factWrite(index, fact));
        operations.push(guard ? { index: guard } : { create: { _index: targetIndex, _id: doc._id } }, truth.doc);
      } else if (guard) operations.push({ delete: guard });
    });
    if (operations.length === 0) return replaced;
    if (factOperations.length > 0) {
      const facts = await client.bulk({ operations: factOperations });
      const failed = facts.items.map((i) => i.index).find((o) => o && o.status >= 300 && o.status !== 409);
      if (failed) throw new Error(`writing fact ${failed._index}/${failed._id} rejected: ${failed.status} ${failed.error?.reason ?? ''}`);
    }
    const result = await client.bulk({ operations, refresh: true });
    const retry: string[] = [];
    for (const item of result.items) {
      const outcome = item.index ?? item.create ?? item.delete;
      if (!outcome) continue;
      if (outcome.status === 409) retry.push(outcome._id!);
      else if (outcome.status >= 300 && !(item.delete && outcome.status === 404)) {
        throw new Error(`replacing ${outcome._index}/${outcome._id} rejected: ${outcome.status} ${outcome.error?.reason ?? ''}`);
      } else replaced++;
    }
    pending = retry;
  }
  return replaced;
}
