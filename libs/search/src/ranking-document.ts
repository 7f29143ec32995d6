import {
  AthleteState,
  AthleteTally,
  countFact,
  emptyTally,
  MatchFact,
  Outcome,
  RankingEntry,
  RankingStats,
  RecentMatch,
  statsFromTally,
  supersedes,
} from '@app/rankings';

/**
 * One slim document per athlete: the profile with its revision, running counters and a
 * bounded list of its newest matches, plus the derived figures the search sorts and
 * filters on. No match history: each result is a document of its own (a match fact),
 * read only when that match changes, so a write costs the same for a career of 10 or
 * 2,000 matches. `registered` is false for a partial document built from matches seen
 * before the athlete's registration; reads only show registered athletes.
 */
export interface RankingDocument extends RankingStats {
  kind: 'athlete';
  athleteId: string;
  divisionId: string;
  registered: boolean;
  name: string | null;
  weightClass: string | null;
  country: string | null;
  profileRevision: number;
  /**
   * Newest matches, newest first, bounded (RECENT_MATCHES_KEPT), as compact tuples: every
   * write reads and rewrites this list, and as objects it was three quarters of the
   * document. Documents written before hold objects; both are read (recentFromStored).
   */
  recent: StoredRecentMatch[];
  /**
   * Facts counted in this document whose own fact documents may not be written yet. This
   * document is the commit point: facts are written after it, and an entry leaves this
   * list once its fact document is seen stored, so a crash between the two writes can
   * neither lose a result nor count it twice.
   */
  pending: MatchFact[];
}

/** A recent match as a document stores it (`recent` is mapped `enabled: false`: any JSON, never parsed by ES). */
export type StoredRecentMatch = [completedAt: string, matchId: string, outcome: Outcome];

/**
 * One match result from one athlete's corner. Facts are only ever read by id, so their
 * fields sit under `fact`, mapped `enabled: false`: nothing but `kind` and `_id` is
 * indexed for them (the Elasticsearch stand-in then holds 1.6 KB per fact instead of
 * 2.6 KB and indexes one in about half the time, and a real cluster indexes less too).
 */
export interface MatchFactDocument {
  kind: 'match-fact';
  fact: MatchFact & { athleteId: string };
}

/** A fact document as stored before `fact` held its fields (indices built before 2026-11-29). */
interface FlatMatchFactDocument extends MatchFact {
  kind: 'match-fact';
  athleteId: string;
}

export function toMatchFactDocument(athleteId: string, fact: MatchFact): MatchFactDocument {
  return { kind: 'match-fact', fact: { athleteId, ...fact } };
}

/** The fact a stored fact document holds, in either shape. */
export function factOfDocument(source: MatchFactDocument | FlatMatchFactDocument): MatchFact {
  const { matchId, revision, completedAt, outcome, opponentId } = 'fact' in source ? source.fact : source;
  return { matchId, revision, completedAt, outcome, opponentId };
}

/**
 * A fact document with its bulk action: versioned externally by the result's revision
 * (`external_gte`), so the store keeps the highest revision without a read, and a 409
 * answer means a newer one is stored already.
 */
export function factWrite(index: string, doc: MatchFactDocument): [action: object, doc: MatchFactDocument] {
  const { athleteId, matchId, revision } = doc.fact;
  return [{ index: { _index: index, _id: factDocumentId(athleteId, matchId), version: revision, version_type: 'external_gte' } }, doc];
}

/** Fact document id; athlete ids are slugs, so the colon keeps the two id spaces apart. */
export function factDocumentId(athleteId: string, matchId: string): string {
  return `fact:${athleteId}:${matchId}`;
}

export function emptyRankingDocument(athleteId: string, divisionId: string): RankingDocument {
  return withTally(
    { kind: 'athlete', athleteId, divisionId, registered: false, name: null, weightClass: null, country: null, profileRevision: 0, pending: [] },
    emptyTally(),
  );
}

/** The document's counters and recent matches as a tally to count more facts into. */
export function tallyOf(doc: RankingDocument): AthleteTally {
  return { wins: doc.wins, losses: doc.losses, draws: doc.draws, recent: (doc.recent ?? []).map(recentFromStored) };
}

export function withTally(doc: Omit<RankingDocument, keyof RankingStats | 'recent'>, tally: AthleteTally): RankingDocument {
  return { ...doc, ...statsFromTally(tally), recent: tally.recent.map((m): StoredRecentMatch => [m.completedAt, m.matchId, m.outcome]) };
}

/** A stored recent match, in either form: a tuple, or an object (MatchFact) as documents written before the tuples hold. */
export function recentFromStored(stored: StoredRecentMatch | RecentMatch): RecentMatch {
  if (!Array.isArray(stored)) return { matchId: stored.matchId, completedAt: stored.completedAt, outcome: stored.outcome };
  const [completedAt, matchId, outcome] = stored;
  return { matchId, completedAt, outcome };
}

/** A whole document from the truth (a repair), with the facts it stands for. */
export function toRankingDocument(state: AthleteState): { doc: RankingDocument; facts: MatchFactDocument[] } {
  const facts = factsOf(state);
  let tally = emptyTally();
  for (const fact of facts) tally = countFact(tally, null, fact);
  const p = state.profile;
  const doc = withTally(
    {
      kind: 'athlete',
      athleteId: state.athleteId,
      divisionId: state.divisionId,
      registered: p !== null,
      name: p?.name ?? null,
      weightClass: p?.weightClass ?? null,
      country: p?.country ?? null,
      profileRevision: p?.revision ?? 0,
      pending: [],
    },
    tally,
  );
  return { doc, facts: facts.map((f) => toMatchFactDocument(state.athleteId, f)) };
}

/** The facts an athlete state holds, one per match. */
export function factsOf(state: AthleteState): MatchFact[] {
  return Object.entries(state.matches).map(([matchId, outcome]) => ({ matchId, ...outcome }));
}

/** The stored fact that counts for a match: its document or a pending entry, whichever supersedes. */
export function effectiveFact(stored: MatchFact | null, pendingEntry: MatchFact | undefined): MatchFact | null {
  if (!pendingEntry) return stored;
  return supersedes(pendingEntry, stored) ? pendingEntry : stored;
}

/**
 * The document fields an entry is read from: a read asks Elasticsearch for these only
 * (`_source` includes), so a hit does not carry the bounded match lists (`recent`,
 * `pending`) that the read never shows, ten times the entry's size, through the
 * stand-in's serialiser and the client's parser.
 */
export const ENTRY_SOURCE_FIELDS = [
  'athleteId',
  'name',
  'country',
  'divisionId',
  'weightClass',
  'points',
  'wins',
  'losses',
  'draws',
  'matches',
  'recentForm',
  'lastMatchAt',
] as const satisfies ReadonlyArray<keyof RankingDocument>;

/** What a read gets back of a document. */
export type EntrySource = Pick<RankingDocument, (typeof ENTRY_SOURCE_FIELDS)[number]>;

/** The contract entry (without rank) a registered document stands for. */
export function entryFromDocument(doc: EntrySource): RankingEntry {
  return {
    athleteId: doc.athleteId,
    name: doc.name ?? '',
    country: doc.country ?? '',
    divisionId: doc.divisionId,
    weightClass: doc.weightClass ?? '',
    points: doc.points,
    wins: doc.wins,
    losses: doc.losses,
    draws: doc.draws,
    matches: doc.matches,
    recentForm: doc.recentForm,
    lastMatchAt: doc.lastMatchAt,
  };
}
