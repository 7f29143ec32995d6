/**
 * What a read model keeps per athlete so that it can be rebuilt, merged and replayed
 * safely: the profile with the revision it came from, and every completed match with
 * the revision of its latest known result. Derived figures (points, form, order) are
 * never stored as truth; they are recomputed from this state by `rankingStats`.
 */
export type Outcome = 'W' | 'L' | 'D';

export interface AthleteProfile {
  name: string;
  weightClass: string;
  country: string;
  /** AthleteRegistered counts as revision 1; every AthleteUpdated carries a higher one. */
  revision: number;
}

export interface MatchOutcome {
  /** The per-match result revision (1 = first result, +1 per correction). */
  revision: number;
  outcome: Outcome;
  completedAt: string;
  opponentId: string;
}

export interface AthleteState {
  athleteId: string;
  divisionId: string;
  /** Null while only matches are known: the registration has not been seen yet. */
  profile: AthleteProfile | null;
  matches: Record<string, MatchOutcome>;
}

/** The revision a registration stands for (the athlete row starts at 1). */
export const REGISTRATION_REVISION = 1;

export function emptyAthleteState(athleteId: string, divisionId: string): AthleteState {
  return { athleteId, divisionId, profile: null, matches: {} };
}

/** True once the registration (or a full-state update) has been applied. */
export function isRegistered(state: AthleteState): boolean {
  return state.profile !== null;
}
