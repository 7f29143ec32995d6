import type { AnyEvent, MatchResultData } from '@app/contracts';
import { AthleteProfile, AthleteState, emptyAthleteState, MatchOutcome, REGISTRATION_REVISION } from './athlete-state';
import { mergeAthleteStates, newerMatchOutcome } from './merge';

/** The athletes whose ranking an event can change (none for divisions and schedules). */
export function athletesAffectedBy(event: AnyEvent): string[] {
  switch (event.type) {
    case 'AthleteRegistered':
    case 'AthleteUpdated':
      return [event.data.athleteId];
    case 'MatchCompleted':
    case 'MatchResultCorrected':
      return [event.data.redAthleteId, event.data.blueAthleteId];
    default:
      return [];
  }
}

/**
 * evolve(state, event): the athlete's state after the event. Applying an event is a merge
 * with the single component it describes, so order and repetition do not matter.
 */
export function evolveAthlete(state: AthleteState, event: AnyEvent): AthleteState {
  switch (event.type) {
    case 'AthleteRegistered':
      if (event.data.athleteId !== state.athleteId) return state;
      return withProfile(state, { ...pickProfile(event.data), revision: REGISTRATION_REVISION });
    case 'AthleteUpdated':
      if (event.data.athleteId !== state.athleteId) return state;
      return withProfile(state, { ...pickProfile(event.data), revision: event.data.revision });
    case 'MatchCompleted':
    case 'MatchResultCorrected':
      return withMatchResult(state, event.data);
    default:
      return state;
  }
}

/** Applies a profile at its revision (also used by rebuilds reading the athletes table). */
export function withProfile(state: AthleteState, profile: AthleteProfile): AthleteState {
  return mergeAthleteStates(state, { ...emptyAthleteState(state.athleteId, state.divisionId), profile });
}

/** The result fields a rebuild reads from the matches and match_results tables. */
export type MatchResultRecord = Pick<
  MatchResultData,
  'matchId' | 'redAthleteId' | 'blueAthleteId' | 'winnerId' | 'completedAt' | 'revision'
>;

/** Applies one match result at its revision, if the athlete fought in it. */
export function withMatchResult(state: AthleteState, result: MatchResultRecord): AthleteState {
  const outcome = matchOutcomeFor(state.athleteId, result);
  if (!outcome) return state;
  const single = { ...emptyAthleteState(state.athleteId, state.divisionId), matches: { [result.matchId]: outcome } };
  return mergeAthleteStates(state, single);
}

/** The result as seen from one athlete's corner; null if they did not fight in it. */
export function matchOutcomeFor(athleteId: string, result: MatchResultRecord): MatchOutcome | null {
  const { redAthleteId, blueAthleteId, winnerId } = result;
  if (athleteId !== redAthleteId && athleteId !== blueAthleteId) return null;
  const opponentId = athleteId === redAthleteId ? blueAthleteId : redAthleteId;
  const outcome = winnerId === null ? 'D' : winnerId === athleteId ? 'W' : 'L';
  // Normalised so the same instant always compares and merges equal, whatever its offset.
  const completedAt = new Date(result.completedAt).toISOString();
  return { revision: result.revision, outcome, completedAt, opponentId };
}

/**
 * Folds a sequence of events into per-athlete states (a fresh projection, or the delta
 * a batch contributes, to be merged into what a store already holds). The same as
 * folding with evolveAthlete, but a match result is merged into a state this call owns in
 * place (same rule as mergeAthleteStates), not by copying the athlete's matches per
 * event: a whole fetched batch can hold many results of one athlete, and the copies grew
 * with the square of their number. States passed in `into` are copied before they change.
 */
export function projectAthletes(events: Iterable<AnyEvent>, into = new Map<string, AthleteState>()): Map<string, AthleteState> {
  const owned = new Set<AthleteState>();
  const ownedState = (athleteId: string, divisionId: string): AthleteState => {
    const found = into.get(athleteId);
    if (found && owned.has(found)) return found;
    const state = found ? { ...found, matches: { ...found.matches } } : emptyAthleteState(athleteId, divisionId);
    owned.add(state);
    into.set(athleteId, state);
    return state;
  };
  for (const event of events) {
    for (const athleteId of athletesAffectedBy(event)) {
      const state = ownedState(athleteId, event.divisionId);
      if (event.type === 'MatchCompleted' || event.type === 'MatchResultCorrected') {
        const outcome = matchOutcomeFor(athleteId, event.data);
        if (outcome) state.matches[event.data.matchId] = newerMatchOutcome(state.matches[event.data.matchId], outcome);
      } else {
        state.profile = evolveAthlete(state, event).profile;
      }
    }
  }
  return into;
}

function pickProfile(data: { name: string; weightClass: string; country: string }) {
  return { name: data.name, weightClass: data.weightClass, country: data.country };
}
