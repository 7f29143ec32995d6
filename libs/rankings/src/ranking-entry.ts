import { AthleteState, MatchOutcome, Outcome } from './athlete-state';

export const POINTS: Record<Outcome, number> = { W: 3, D: 1, L: 0 };
export const RECENT_FORM_LENGTH = 5;

export interface RankingStats {
  points: number;
  wins: number;
  losses: number;
  draws: number;
  matches: number;
  /** Newest first by completedAt. */
  recentForm: Outcome[];
  lastMatchAt: string | null;
}

/** CONTRACT §4 ranking entry, without the rank (which depends on the whole division). */
export interface RankingEntry extends RankingStats {
  athleteId: string;
  name: string;
  country: string;
  divisionId: string;
  weightClass: string;
}

export interface RankedEntry extends RankingEntry {
  rank: number;
}

/** Points, record and form from each match's latest result. */
export function rankingStats(state: AthleteState): RankingStats {
  const matches = Object.entries(state.matches).sort(newestFirst);
  const count = (o: Outcome) => matches.filter(([, m]) => m.outcome === o).length;
  const wins = count('W');
  const draws = count('D');
  const losses = count('L');
  return {
    points: wins * POINTS.W + draws * POINTS.D + losses * POINTS.L,
    wins,
    losses,
    draws,
    matches: matches.length,
    recentForm: matches.slice(0, RECENT_FORM_LENGTH).map(([, m]) => m.outcome),
    lastMatchAt: matches[0]?.[1].completedAt ?? null,
  };
}

/** The entry a read model serves; null until the athlete's registration is known. */
export function toRankingEntry(state: AthleteState): RankingEntry | null {
  if (!state.profile) return null;
  const { name, country, weightClass } = state.profile;
  return { athleteId: state.athleteId, name, country, divisionId: state.divisionId, weightClass, ...rankingStats(state) };
}

/** Ties on completedAt are broken by match id so every store shows the same form. */
function newestFirst([idA, a]: [string, MatchOutcome], [idB, b]: [string, MatchOutcome]): number {
  const byTime = Date.parse(b.completedAt) - Date.parse(a.completedAt);
  if (byTime !== 0) return byTime;
  return idA < idB ? 1 : idA > idB ? -1 : 0;
}
