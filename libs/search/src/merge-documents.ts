import type { Client } from '@elastic/elasticsearch';
import { LRUCache } from 'lru-cache';
import { AthleteProfile, AthleteState, countFact, emptyAthleteState, MatchFact, mergeAthleteStates, supersedes } from '@app/rankings';
import { PROJECTION_STATE_ID, ProjectionStateDocument } from './projection-state';
import {
  effectiveFact,
  emptyRankingDocument,
  factDocumentId,
  factOfDocument,
  factsOf,
  factWrite,
  MatchFactDocument,
  RankingDocument,
  tallyOf,
  toMatchFactDocument,
  withTally,
} from './ranking-document';

export interface SearchWrite {
  /** States to merge into each index (deltas from events, or snapshot rows from Postgres). */
  states: AthleteState[];
  /** The newest event time this write stores (report field of each index's state document). */
  newestOccurredAt?: number | null;
  /**
   * Make the write searchable before returning (default true: commit-to-visible latency):
   * the bulk of athlete documents asks for the refresh itself (`refresh=true`), so
   * visibility costs no extra round trip. Fact documents are never searched.
   */
  refresh?: boolean;
  /** The pending lists this writer saw last (see PendingHints): saves a second read. */
  hints?: PendingHints;
}

export class BulkWriteError extends Error {
  constructor(message: string, readonly failures: Array<{ index: string; id: string; status: number; reason: string }>) {
    super(message);
    this.name = 'BulkWriteError';
  }
}

const MAX_CONFLICT_ROUNDS = 20;
/**
 * A document whose pending list grew past this (a snapshot write counts a whole career at
 * once) is cleared right after its facts are stored, so no later write has to confirm a
 * career's worth of facts. Smaller lists (one live batch) are pruned by the next write.
 */
const PENDING_CLEANUP_THRESHOLD = 16;
/**
 * Request sizes: bulks of about this many characters (Elastic advises bulk requests of a
 * few MB, and a rebuild batch of long careers would otherwise send tens of MB at once,
 * which a client times out on) and mgets of at most this many references.
 */
export const MAX_BULK_BYTES = 4 * 1024 * 1024;
export const MAX_MGET_DOCS = 10_000;

/**
 * What one writer last saw of each athlete document's pending list (index|athleteId →
 * match ids). The pending facts a document names must be read before it is written
 * again; with a hint they are asked for in the same mget as the document. Only a hint:
 * whatever the document holds when read decides, and a pending fact the hint missed is
 * read in a second mget as without one.
 */
export class PendingHints {
  private readonly seen: LRUCache<string, string[]>;

  constructor(max = 100_000) {
    this.seen = new LRUCache({ max });
  }

  get(index: string, athleteId: string): string[] {
    return this.seen.get(key(index, athleteId)) ?? [];
  }

  /** A list long enough to be cleared right after it is stored (a snapshot's) is not worth prefetching. */
  set(index: string, athleteId: string, pending: MatchFact[]): void {
    this.seen.set(key(index, athleteId), pending.length > PENDING_CLEANUP_THRESHOLD ? [] : pending.map((p) => p.matchId));
  }
}

/** What a write cost: requests sent and JSON bytes exchanged (the per-event cost test counts these). */
export interface WriteCost {
  roundTrips: number;
  bytes: number;
}

interface Target {
  index: string;
  delta: AthleteState;
  facts: MatchFact[];
}

/**
 * Merges athlete deltas into every index with work independent of each athlete's history:
 * one mget of the slim athlete documents, of the facts of the matches the deltas carry and
 * of the facts the hints say are pending; one guarded bulk of athlete documents (the
 * commit point, see `pending`; it also makes them searchable); one bulk of fact documents
 * (external version = result revision, so the store keeps the highest without a read). A 409 on an athlete means another writer (a rebuild, another instance)
 * got there first: only those athletes go round again. Duplicates, replays, disorder and
 * snapshot-vs-live races converge because a fact counts only when it supersedes the one
 * stored, with the same pick as `mergeAthleteStates`.
 */
export async function mergeIntoIndices(client: Client, indices: string[], write: SearchWrite): Promise<WriteCost> {
  const { cost, factsWritten } = await mergeSearchable(client, indices, write);
  await factsWritten;
  return cost;
}

/**
 * mergeIntoIndices, resolving as soon as the athlete documents are stored (and searchable
 * when `refresh`), with the fact documents' writes still running. A reader sees the whole
 * write from then on: the pending lists are the commit point, and a fact that is not
 * stored counts through them (a lost fact write is written again by the athlete's next
 * write). `factsWritten` settles when the facts are stored; `cost` counts them then.
 */
export async function mergeSearchable(client: Client, indices: string[], write: SearchWrite): Promise<{ cost: WriteCost; factsWritten: Promise<void> }> {
  if (indices.length === 0) throw new Error('no Elasticsearch index to write to (alias missing?)');
  const cost: WriteCost = { roundTrips: 0, bytes: 0 };
  const refresh = write.refresh ?? true;
  const deltas = dedupe(write.states);
  let targets: Target[] = indices.flatMap((index) => deltas.map((delta) => ({ index, delta, facts: factsOf(delta) })));
  let extra = watermarkOperations(indices, write.newestOccurredAt ?? null);
  // Fact documents are never searched, so their writes overlap the next round.
  const factWrites: Array<Promise<void>> = [];
  let wrote = false;
  try {
    for (let round = 1; targets.length > 0 || extra.length > 0; round++) {
      if (round > MAX_CONFLICT_ROUNDS) throw new BulkWriteError(`documents kept changing during ${round - 1} rounds`, []);
      const outcome = await mergeRound(client, targets, extra, cost, { refresh, hints: write.hints });
      factWrites.push(outcome.factsWritten);
      wrote ||= outcome.bulked;
      targets = outcome.conflicts;
      extra = [];
    }
    // Nothing to write (a replay): what an earlier writer stored without a refresh becomes visible now.
    if (refresh && !wrote) {
      cost.roundTrips++;
      await client.indices.refresh({ index: indices });
    }
  } catch (error) {
    await Promise.allSettled(factWrites); // nothing left running behind a failed write
    throw error;
  }
  const factsWritten = Promise.all(factWrites).then(() => undefined);
  factsWritten.catch(() => undefined); // the caller's to await; never an unhandled rejection meanwhile
  return { cost, factsWritten };
}

/** One read-compute-write pass: the targets that lost a race and must go again, and the (running) fact writes of the others. */
async function mergeRound(
  client: Client,
  targets: Target[],
  extra: object[],
  cost: WriteCost,
  options: { refresh: boolean; hints?: PendingHints },
): Promise<{ conflicts: Target[]; factsWritten: Promise<void>; bulked: boolean }> {
  const stored = await readStored(client, targets, cost, options.hints);
  const operations: object[] = [...extra];
  const written: Committed[] = [];
  const toMaterialize: Committed[] = [];
  for (const target of targets) {
    const found = stored.athletes.get(key(target.index, target.delta.athleteId)) ?? null;
    const next = nextDocument(target, found?.doc ?? null, stored.facts);
    if (!next) {
      if (found?.doc.pending.length) toMaterialize.push({ target, pending: found.doc.pending });
      continue;
    }
    const { index, delta } = target;
    const action = found
      ? { index: { _index: index, _id: delta.athleteId, if_seq_no: found.seqNo, if_primary_term: found.primaryTerm } }
      : { create: { _index: index, _id: delta.athleteId } };
    operations.push(action, next);
    written.push({ target, pending: next.pending, doc: next });
  }
  const conflicts = new Set<Target>();
  if (operations.length > 0) {
    const items = await bulk(client, operations, cost, options.refresh);
    const athleteItems = items.slice(extra.length / 2);
    athleteItems.forEach((outcome, i) => {
      if (outcome.status === 409) conflicts.add(written[i].target);
      else if (outcome.status >= 300) throw rejected(outcome, written[i].target);
      else written[i].stored = outcome;
    });
  }
  const committed = [...written.filter((w) => !conflicts.has(w.target)), ...toMaterialize];
  for (const c of committed) if (c.doc) options.hints?.set(c.target.index, c.target.delta.athleteId, c.doc.pending);
  const factsWritten = writeFacts(client, committed, cost).then(() => clearLongPending(client, committed, cost));
  factsWritten.catch(() => undefined); // awaited by the caller; never an unhandled rejection meanwhile
  return { conflicts: [...conflicts], factsWritten, bulked: operations.length > 0 };
}

/** Empties pending lists that a snapshot filled, now that their facts are stored (guarded; a lost race just leaves them to the next write). */
async function clearLongPending(client: Client, committed: Committed[], cost: WriteCost): Promise<void> {
  const operations = committed
    .filter((c) => c.stored && c.doc && c.pending.length > PENDING_CLEANUP_THRESHOLD)
    .flatMap((c) => [
      { index: { _index: c.target.index, _id: c.target.delta.athleteId, if_seq_no: c.stored!.seqNo, if_primary_term: c.stored!.primaryTerm } },
      { ...c.doc!, pending: [] },
    ]);
  if (operations.length === 0) return;
  const items = await bulk(client, operations, cost);
  const failed = items.find((outcome) => outcome.status >= 300 && outcome.status !== 409);
  if (failed) throw rejected(failed);
}

/** The athlete document after the delta, or null when the delta changes nothing (a duplicate). */
function nextDocument(target: Target, doc: RankingDocument | null, facts: Map<string, MatchFact>): RankingDocument | null {
  const { index, delta } = target;
  const current = doc ?? emptyRankingDocument(delta.athleteId, delta.divisionId);
  const pendingByMatch = new Map(current.pending.map((p) => [p.matchId, p]));
  const storedFact = (matchId: string) => facts.get(key(index, factDocumentId(delta.athleteId, matchId))) ?? null;
  // A pending entry whose fact document is stored (same or newer) needs no keeping.
  const stillPending = current.pending.filter((p) => supersedes(p, storedFact(p.matchId)));
  let tally = tallyOf(current);
  const counted: MatchFact[] = [];
  for (const fact of target.facts) {
    const previous = effectiveFact(storedFact(fact.matchId), pendingByMatch.get(fact.matchId));
    if (!supersedes(fact, previous)) continue;
    tally = countFact(tally, previous, fact);
    counted.push(fact);
  }
  const profile = newerProfile(current, delta.profile);
  const countedIds = new Set(counted.map((c) => c.matchId));
  const pending = [...stillPending.filter((p) => !countedIds.has(p.matchId)), ...counted];
  const unchanged = doc !== null && counted.length === 0 && profile === null && pending.length === current.pending.length;
  if (unchanged) return null;
  const base = profile
    ? { ...current, registered: true, name: profile.name, weightClass: profile.weightClass, country: profile.country, profileRevision: profile.revision }
    : current;
  return withTally({ ...base, pending }, tally);
}

/** The delta's profile when it wins over the stored one (same rule as mergeAthleteStates), else null. */
function newerProfile(doc: RankingDocument, profile: AthleteProfile | null): AthleteProfile | null {
  if (!profile) return null;
  const storedProfile =
    doc.registered && doc.name !== null
      ? { name: doc.name, weightClass: doc.weightClass ?? '', country: doc.country ?? '', revision: doc.profileRevision }
      : null;
  const state = (p: AthleteProfile | null) => ({ ...emptyAthleteState(doc.athleteId, doc.divisionId), profile: p });
  const winner = mergeAthleteStates(state(storedProfile), state(profile)).profile;
  return winner === profile && JSON.stringify(profile) !== JSON.stringify(storedProfile) ? profile : null;
}

/** An athlete whose document this round stored (or left as it was) and whose pending facts it writes. */
interface Committed {
  target: Target;
  pending: MatchFact[];
  doc?: RankingDocument;
  stored?: BulkOutcome;
}

interface StoredAthlete {
  doc: RankingDocument;
  seqNo: number;
  primaryTerm: number;
}

/**
 * Athlete documents and the facts the round needs: those of the deltas, then those still
 * pending. A delta with a career's worth of facts (a snapshot row) asks for them only once
 * its athlete document is found: an athlete's fact documents exist in an index only after
 * its athlete document was stored there (facts are written for committed athletes only,
 * and athlete documents are never deleted), so a rebuild into a fresh index, where almost
 * no athlete is found, does not ask for a million facts that cannot be there.
 */
async function readStored(client: Client, targets: Target[], cost: WriteCost, hints?: PendingHints) {
  const athletes = new Map<string, StoredAthlete>();
  const facts = new Map<string, MatchFact>();
  /** index|athleteId → match ids whose facts are asked only if the athlete document is found. */
  const askedLater = new Map<string, string[]>();
  const refs = targets.flatMap((t) => {
    const athlete = { _index: t.index, _id: t.delta.athleteId };
    if (t.facts.length > PENDING_CLEANUP_THRESHOLD) {
      askedLater.set(key(t.index, t.delta.athleteId), t.facts.map((f) => f.matchId));
      return [athlete];
    }
    const matchIds = new Set([...t.facts.map((f) => f.matchId), ...(hints?.get(t.index, t.delta.athleteId) ?? [])]);
    return [athlete, ...[...matchIds].map((m) => ({ _index: t.index, _id: factDocumentId(t.delta.athleteId, m) }))];
  });
  if (refs.length === 0) return { athletes, facts };
  for (const doc of await mget(client, refs, cost)) {
    if (!doc.source) continue;
    if (doc.source.kind === 'athlete') {
      athletes.set(key(doc.index, doc.id), { doc: doc.source, seqNo: doc.seqNo, primaryTerm: doc.primaryTerm });
      hints?.set(doc.index, doc.id, doc.source.pending);
    } else facts.set(key(doc.index, doc.id), factOfDocument(doc.source));
  }
  const asked = new Set(refs.map((r) => key(r._index, r._id)));
  const laterRefs = [...athletes.entries()].flatMap(([k, a]) => {
    const index = k.slice(0, k.indexOf('|'));
    const matchIds = new Set([...a.doc.pending.map((p) => p.matchId), ...(askedLater.get(k) ?? [])]);
    return [...matchIds].map((m) => ({ _index: index, _id: factDocumentId(a.doc.athleteId, m) })).filter((r) => !asked.has(key(r._index, r._id)));
  });
  if (laterRefs.length > 0) {
    for (const doc of await mget(client, laterRefs, cost)) if (doc.source?.kind === 'match-fact') facts.set(key(doc.index, doc.id), factOfDocument(doc.source));
  }
  return { athletes, facts };
}

async function mget(client: Client, docs: Array<{ _index: string; _id: string }>, cost: WriteCost) {
  const parts = [];
  for (let i = 0; i < docs.length; i += MAX_MGET_DOCS) parts.push(await mgetOnce(client, docs.slice(i, i + MAX_MGET_DOCS), cost));
  return parts.flat();
}

/**
 * What an mget answer is asked to carry per document (`filter_path`): answers come in the
 * order asked, so each is matched to its reference by position and `_index`/`_id` are not
 * sent back; a fact that is not stored (most of them, in a replay) comes back as
 * `{"found":false}`. With one index (the usual case, no rebuild running) the references
 * go as bare ids.
 */
const MGET_ANSWER_FIELDS = 'docs.found,docs._source,docs._seq_no,docs._primary_term,docs.error';

async function mgetOnce(client: Client, docs: Array<{ _index: string; _id: string }>, cost: WriteCost) {
  const onlyIndex = docs.every((d) => d._index === docs[0]._index) ? docs[0]._index : null;
  const references = onlyIndex ? { ids: docs.map((d) => d._id) } : { docs };
  const { body: result, headers } = await client.mget<RankingDocument | MatchFactDocument>(
    { index: onlyIndex ?? undefined, ...references, filter_path: MGET_ANSWER_FIELDS },
    { meta: true },
  );
  countRequest(cost, JSON.stringify(references), headers, result.docs); // the references only: small
  if (result.docs?.length !== docs.length) throw new BulkWriteError(`mget answered ${result.docs?.length ?? 0} documents for ${docs.length} references`, []);
  return result.docs.map((doc, i) => {
    const { _index: index, _id: id } = docs[i];
    if ('error' in doc) throw new BulkWriteError(`mget ${index}/${id}: ${JSON.stringify(doc.error)}`, []);
    const found = doc.found ? doc : null;
    return { index, id, source: found?._source ?? null, seqNo: found?._seq_no ?? 0, primaryTerm: found?._primary_term ?? 0 };
  });
}

/** Fact documents of committed athletes; a 409 means a newer revision is stored already. */
async function writeFacts(client: Client, committed: Committed[], cost: WriteCost): Promise<void> {
  const operations = committed.flatMap(({ target, pending }) =>
    pending.flatMap((fact) => factWrite(target.index, toMatchFactDocument(target.delta.athleteId, fact))),
  );
  if (operations.length === 0) return;
  const items = await bulk(client, operations, cost);
  const failed = items.find((outcome) => outcome.status >= 300 && outcome.status !== 409);
  if (failed) throw rejected(failed);
}

/** Each index's state document, kept monotonic by its external version (no read needed). */
function watermarkOperations(indices: string[], newest: number | null): object[] {
  if (!newest) return [];
  const doc: ProjectionStateDocument = { kind: 'projection-state', newestOccurredAt: newest, appliedAt: Date.now() };
  return indices.flatMap((index) => [{ index: { _index: index, _id: PROJECTION_STATE_ID, version: newest, version_type: 'external_gte' } }, doc]);
}

interface BulkOutcome {
  index: string;
  id: string;
  status: number;
  reason: string;
  seqNo: number;
  primaryTerm: number;
}

/**
 * What a bulk answer is asked to carry per item (`filter_path`): about a fifth of the whole
 * answer, which the store would otherwise serialise and the client parse for every document.
 */
const BULK_ANSWER_FIELDS = 'errors,items.*.status,items.*._seq_no,items.*._primary_term,items.*.error';

/**
 * Operations here are all `index`/`create` actions, each followed by its document. Sent in
 * requests of about MAX_BULK_BYTES, one after another, each with the refresh asked for
 * (a refresh covers only the indices its own request wrote).
 */
async function bulk(client: Client, operations: object[], cost: WriteCost, refresh = false): Promise<BulkOutcome[]> {
  const outcomes: BulkOutcome[] = [];
  // Serialised once, here: the client sends a string body as it is, and its length is the cost.
  let body = '';
  let first = 0;
  for (let i = 0; i < operations.length; i += 2) {
    body += JSON.stringify(operations[i]) + '\n' + JSON.stringify(operations[i + 1]) + '\n';
    if (i + 2 < operations.length && body.length < MAX_BULK_BYTES) continue;
    for (const outcome of await bulkOnce(client, operations, first, body, cost, refresh)) outcomes.push(outcome);
    body = '';
    first = i + 2;
  }
  return outcomes;
}

/** One bulk request: `body` holds the operations from `first` on. */
async function bulkOnce(client: Client, operations: object[], first: number, body: string, cost: WriteCost, refresh: boolean): Promise<BulkOutcome[]> {
  const { body: result, headers } = await client.bulk({ operations: body as never, refresh, filter_path: BULK_ANSWER_FIELDS }, { meta: true });
  countRequest(cost, body, headers, result.items);
  return result.items.map((item, i) => {
    const outcome = item.index ?? item.create ?? item.update ?? item.delete;
    const action = Object.values(operations[first + 2 * i] ?? {})[0] as { _index?: string; _id?: string } | undefined;
    return {
      index: outcome?._index ?? action?._index ?? '',
      id: outcome?._id ?? action?._id ?? '',
      status: outcome?.status ?? 500,
      reason: outcome?.error?.reason ?? '',
      seqNo: outcome?._seq_no ?? 0,
      primaryTerm: outcome?._primary_term ?? 0,
    };
  });
}

/** One request: the body sent, and the answer's length as the server sent it (or as serialised, when it gives none). */
function countRequest(cost: WriteCost, sent: string, headers: Record<string, unknown>, answer: unknown): void {
  cost.roundTrips++;
  const length = Number(headers['content-length']);
  cost.bytes += Buffer.byteLength(sent) + (Number.isFinite(length) && length > 0 ? length : Buffer.byteLength(JSON.stringify(answer)));
}

function rejected(outcome: BulkOutcome, target?: Target): BulkWriteError {
  const what = target ? `athlete ${target.delta.athleteId} in ${target.index}` : `${outcome.index}/${outcome.id}`;
  return new BulkWriteError(`bulk rejected ${what}: ${outcome.status} ${outcome.reason}`, [outcome]);
}

function key(index: string, id: string): string {
  return `${index}|${id}`;
}

function dedupe(states: AthleteState[]): AthleteState[] {
  const byId = new Map<string, AthleteState>();
  for (const s of states) {
    const seen = byId.get(s.athleteId);
    byId.set(s.athleteId, seen ? mergeAthleteStates(seen, s) : s);
  }
  return [...byId.values()];
}
