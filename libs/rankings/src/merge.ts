import { AthleteProfile, AthleteState, MatchOutcome } from './athlete-state';

/**
 * Merges two views of the same athlete, component by component, keeping the highest
 * revision of the profile and of each match. The merge is commutative, associative and
 * idempotent, which is what lets a live event and a rebuild snapshot land in any order,
 * lets duplicates and replays change nothing, and lets a correction that arrives before
 * the original result win.
 */
export function mergeAthleteStates(a: AthleteState, b: AthleteState): AthleteState {
  if (a.athleteId !== b.athleteId) throw new Error(`cannot merge athlete ${a.athleteId} with ${b.athleteId}`);
  const matches: Record<string, MatchOutcome> = { ...a.matches };
  for (const [matchId, outcome] of Object.entries(b.matches)) {
    matches[matchId] = newerMatchOutcome(matches[matchId], outcome);
  }
  return { athleteId: a.athleteId, divisionId: a.divisionId, profile: newerProfile(a.profile, b.profile), matches };
}

function newerProfile(a: AthleteProfile | null, b: AthleteProfile | null): AthleteProfile | null {
  if (!a) return b;
  if (!b) return a;
  if (a.revision !== b.revision) return a.revision > b.revision ? a : b;
  return tieBreak(a, b);
}

/** The outcome mergeAthleteStates keeps for one match (`stored` absent: the other). */
export function newerMatchOutcome(stored: MatchOutcome | undefined, other: MatchOutcome): MatchOutcome {
  return stored ? newerMatch(stored, other) : other;
}

function newerMatch(a: MatchOutcome, b: MatchOutcome): MatchOutcome {
  if (a.revision !== b.revision) return a.revision > b.revision ? a : b;
  return tieBreak(a, b);
}

/**
 * Two different values at the same revision should not exist; if they ever do, both
 * sides still pick the same one, so replicas cannot diverge.
 */
function tieBreak<T>(a: T, b: T): T {
  return JSON.stringify(a) >= JSON.stringify(b) ? a : b;
}
