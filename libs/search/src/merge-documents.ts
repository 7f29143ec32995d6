import type { Client } from '@elastic/elasticsearch';
import { AthleteState, mergeAthleteStates } from '@app/rankings';
import { fromRankingDocument, RankingDocument, toRankingDocument } from './ranking-document';
import { PROJECTION_STATE_ID, ProjectionStateDocument } from './projection-state';

export interface SearchWrite {
  /** States to merge into each index (deltas from events, or snapshot rows from Postgres). */
  states: AthleteState[];
  /**
   * The newest event time this write makes stored. Written to each index's projection
   * state document only after every athlete document was acknowledged.
   */
  newestOccurredAt?: number | null;
  /** Make the write searchable before returning (default true: commit-to-visible latency). */
  refresh?: boolean;
}

export class BulkWriteError extends Error {
  constructor(message: string, readonly failures: Array<{ index: string; id: string; status: number; reason: string }>) {
    super(message);
    this.name = 'BulkWriteError';
  }
}

const MAX_CONFLICT_ROUNDS = 20;

interface Pending {
  index: string;
  id: string;
  /** Returns the document to store, given what is stored (null if missing). */
  merge(stored: unknown): object;
}

/**
 * Read-merge-write into every index: mget the current documents with their seq_no and
 * primary term, merge with libs/rankings, bulk-write guarded by if_seq_no/if_primary_term
 * (or `create` for a missing document). A 409 means another writer (a rebuild, another
 * instance) got there first: only those documents are re-read and merged again. The
 * merge is commutative, so whoever writes first the result is the same.
 */
export async function mergeIntoIndices(client: Client, indices: string[], write: SearchWrite): Promise<void> {
  if (indices.length === 0) throw new Error('no Elasticsearch index to write to (alias missing?)');
  const refresh = write.refresh ?? true;
  const states = dedupe(write.states);
  const athletes: Pending[] = indices.flatMap((index) =>
    states.map((delta) => ({
      index,
      id: delta.athleteId,
      merge: (stored: unknown) =>
        toRankingDocument(stored ? mergeAthleteStates(fromRankingDocument(stored as RankingDocument), delta) : delta),
    })),
  );
  await writeGuarded(client, athletes, refresh && !write.newestOccurredAt);
  const newest = write.newestOccurredAt;
  if (!newest) return;
  // Second, tiny bulk: the watermark only ever claims what the first one stored.
  const appliedAt = Date.now();
  const watermarks: Pending[] = indices.map((index) => ({
    index,
    id: PROJECTION_STATE_ID,
    merge: (stored: unknown): ProjectionStateDocument => ({
      kind: 'projection-state',
      newestOccurredAt: Math.max(newest, (stored as ProjectionStateDocument | null)?.newestOccurredAt ?? 0),
      appliedAt,
    }),
  }));
  await writeGuarded(client, watermarks, refresh);
}

async function writeGuarded(client: Client, pending: Pending[], refresh: boolean): Promise<void> {
  for (let round = 1; pending.length > 0; round++) {
    if (round > MAX_CONFLICT_ROUNDS) throw new BulkWriteError(`documents kept changing during ${round - 1} rounds`, []);
    const { docs } = await client.mget<unknown>({ docs: pending.map((p) => ({ _index: p.index, _id: p.id })) });
    const operations: object[] = [];
    docs.forEach((doc, i) => {
      const p = pending[i];
      if ('error' in doc) throw new BulkWriteError(`mget ${p.index}/${p.id}: ${JSON.stringify(doc.error)}`, []);
      const found = doc.found ? doc : null;
      const action = found
        ? { index: { _index: p.index, _id: p.id, if_seq_no: found._seq_no, if_primary_term: found._primary_term } }
        : { create: { _index: p.index, _id: p.id } };
      operations.push(action, p.merge(found?._source ?? null));
    });
    const result = await client.bulk({ operations, refresh });
    const conflicts: Pending[] = [];
    const failures: BulkWriteError['failures'] = [];
    result.items.forEach((item, i) => {
      const outcome = item.index ?? item.create;
      if (!outcome || (outcome.status >= 200 && outcome.status < 300)) return;
      if (outcome.status === 409) conflicts.push(pending[i]);
      else failures.push({ index: pending[i].index, id: pending[i].id, status: outcome.status, reason: outcome.error?.reason ?? 'unknown' });
    });
    if (failures.length > 0) {
      const first = failures[0];
      throw new BulkWriteError(`bulk rejected ${failures.length} documents, first ${first.index}/${first.id}: ${first.status} ${first.reason}`, failures);
    }
    pending = conflicts;
  }
}

function dedupe(states: AthleteState[]): AthleteState[] {
  const byId = new Map<string, AthleteState>();
  for (const s of states) {
    const seen = byId.get(s.athleteId);
    byId.set(s.athleteId, seen ? mergeAthleteStates(seen, s) : s);
  }
  return [...byId.values()];
}
