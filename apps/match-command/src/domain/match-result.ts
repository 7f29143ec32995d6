import type { MatchMethod } from '@app/contracts';
import { UnprocessableCommandError } from './command-errors';

/** The parts of a match a result is checked against; they never change once scheduled. */
export interface MatchCorners {
  matchId: string;
  divisionId: string;
  redAthleteId: string;
  blueAthleteId: string;
}

export interface ResultValues {
  winnerId: string | null;
  method: MatchMethod;
  completedAt: Date;
}

/** CONTRACT §2: `winnerId` is null exactly when the method is DRAW, otherwise one of the two athletes. */
export function assertResultFitsMatch(match: MatchCorners, result: ResultValues): void {
  if (result.method === 'DRAW') {
    if (result.winnerId !== null) throw new UnprocessableCommandError('winnerId must be null when method is DRAW');
    return;
  }
  if (result.winnerId === null) throw new UnprocessableCommandError(`winnerId is required when method is ${result.method}`);
  if (result.winnerId !== match.redAthleteId && result.winnerId !== match.blueAthleteId) {
    throw new UnprocessableCommandError(`winnerId: athlete ${result.winnerId} is not in match ${match.matchId}`);
  }
}

/** Same outcome; completion times are compared as instants, so `Z` and `+00:00` agree. */
export function sameResult(a: ResultValues, b: ResultValues): boolean {
  return a.winnerId === b.winnerId && a.method === b.method && a.completedAt.getTime() === b.completedAt.getTime();
}

/** The event payload of a result at a given revision. */
export function resultEventData(match: MatchCorners, result: ResultValues, revision: number) {
  return {
    matchId: match.matchId,
    divisionId: match.divisionId,
    redAthleteId: match.redAthleteId,
    blueAthleteId: match.blueAthleteId,
    winnerId: result.winnerId,
    method: result.method,
    completedAt: result.completedAt.toISOString(),
    revision,
  };
}
