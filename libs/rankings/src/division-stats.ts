import { AthleteState, isRegistered } from './athlete-state';

export interface DivisionStats {
  divisionId: string;
  /** Registered athletes. */
  athletes: number;
  /** Distinct matches with a result. */
  matchesCompleted: number;
  lastMatchAt: string | null;
}

/** The division counters derived from its athletes' states (one truth for reconcile). */
export function divisionStats(divisionId: string, states: Iterable<AthleteState>): DivisionStats {
  let athletes = 0;
  const matchTimes = new Map<string, string>();
  for (const state of states) {
    if (state.divisionId !== divisionId) continue;
    if (isRegistered(state)) athletes++;
    for (const [matchId, m] of Object.entries(state.matches)) matchTimes.set(matchId, m.completedAt);
  }
  let last: string | null = null;
  for (const at of matchTimes.values()) if (last === null || Date.parse(at) > Date.parse(last)) last = at;
  return { divisionId, athletes, matchesCompleted: matchTimes.size, lastMatchAt: last };
}
