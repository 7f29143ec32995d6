import type { MatchMethod } from '@app/contracts';
import { InvalidCommandError, UnprocessableCommandError } from './command-errors';

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

/**
 * How far ahead of this server's clock a completion time may lie: clocks of the
 * recording devices drift, but a result from next week (or 2099) is a typo that would
 * sit on top of every form guide until someone corrects it.
 */
export const COMPLETION_CLOCK_SKEW_MS = 5 * 60_000;

/** Refused before any database work, against the command's own clock (the event stamp). */
export function assertCompletedInThePast(result: ResultValues, now: Date): void {
  if (result.completedAt.getTime() > now.getTime() + COMPLETION_CLOCK_SKEW_MS) {
    throw new InvalidCommandError(
      `completedAt ${result.completedAt.toISOString()} is in the future (more than ${COMPLETION_CLOCK_SKEW_MS / 60_000} minutes after ${now.toISOString()})`,
    );
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
