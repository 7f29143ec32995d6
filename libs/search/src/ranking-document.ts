import { AthleteState, MatchOutcome, rankingStats, RankingEntry } from '@app/rankings';

/**
 * One document per athlete. It keeps the mergeable state (profile with its revision,
 * every match result with its revision) so that any write can merge into it, plus the
 * derived figures the search sorts and filters on, recomputed by libs/rankings on every
 * write. `registered` is false for a partial document built from matches seen before the
 * athlete's registration; reads only show registered athletes.
 */
export interface RankingDocument {
  kind: 'athlete';
  athleteId: string;
  divisionId: string;
  registered: boolean;
  name: string | null;
  weightClass: string | null;
  country: string | null;
  profileRevision: number;
  points: number;
  wins: number;
  losses: number;
  draws: number;
  matches: number;
  recentForm: string[];
  lastMatchAt: string | null;
  results: Record<string, MatchOutcome>;
}

export function toRankingDocument(state: AthleteState): RankingDocument {
  const p = state.profile;
  return {
    kind: 'athlete',
    athleteId: state.athleteId,
    divisionId: state.divisionId,
    registered: p !== null,
    name: p?.name ?? null,
    weightClass: p?.weightClass ?? null,
    country: p?.country ?? null,
    profileRevision: p?.revision ?? 0,
    ...rankingStats(state),
    results: state.matches,
  };
}

export function fromRankingDocument(doc: RankingDocument): AthleteState {
  const profile =
    doc.registered && doc.name !== null
      ? { name: doc.name, weightClass: doc.weightClass ?? '', country: doc.country ?? '', revision: doc.profileRevision }
      : null;
  return { athleteId: doc.athleteId, divisionId: doc.divisionId, profile, matches: doc.results ?? {} };
}

/** The contract entry (without rank) a registered document stands for. */
export function entryFromDocument(doc: RankingDocument): RankingEntry {
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
    recentForm: doc.recentForm as RankingEntry['recentForm'],
    lastMatchAt: doc.lastMatchAt,
  };
}
