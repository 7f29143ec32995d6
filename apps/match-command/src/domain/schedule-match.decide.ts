import { ConflictError, InvalidCommandError, UnknownReferenceError, UnprocessableCommandError } from './command-errors';
import { buildEvent, EventStamp } from './build-event';
import { applied, Change, replayed, ResourceChanged } from './change';

export interface ScheduleMatchInput {
  id: string;
  divisionId: string;
  redAthleteId: string;
  blueAthleteId: string;
  scheduledAt: Date | null;
}

export interface StoredMatch {
  divisionId: string;
  redAthleteId: string;
  blueAthleteId: string;
  scheduledAt: Date | null;
  createdEventId: string;
}

export interface ScheduleMatchState {
  divisionExists: boolean;
  /** The division of each named athlete; null when the athlete does not exist. */
  redDivisionId: string | null;
  blueDivisionId: string | null;
  existing: StoredMatch | null;
}

export function decideScheduleMatch(
  command: ScheduleMatchInput,
  state: ScheduleMatchState,
  stamp: EventStamp,
): Change<ResourceChanged> {
  if (command.redAthleteId === command.blueAthleteId) {
    throw new InvalidCommandError('redAthleteId and blueAthleteId must be different athletes');
  }
  if (state.existing) {
    if (sameMatch(state.existing, command)) return replayed({ id: command.id, eventId: state.existing.createdEventId });
    throw new ConflictError(`match ${command.id} already exists with different values`);
  }
  assertAthletesInDivision(command, state);
  const { id: matchId, divisionId, redAthleteId, blueAthleteId } = command;
  const scheduledAt = command.scheduledAt?.toISOString() ?? null;
  const event = buildEvent('MatchScheduled', { matchId, divisionId, redAthleteId, blueAthleteId, scheduledAt }, stamp);
  return applied(event, { id: matchId, eventId: event.eventId });
}

function assertAthletesInDivision(command: ScheduleMatchInput, state: ScheduleMatchState): void {
  if (!state.divisionExists) throw new UnknownReferenceError('divisionId', 'division', command.divisionId);
  const corners = [
    ['redAthleteId', command.redAthleteId, state.redDivisionId],
    ['blueAthleteId', command.blueAthleteId, state.blueDivisionId],
  ] as const;
  for (const [field, athleteId, athleteDivision] of corners) {
    if (athleteDivision === null) throw new UnknownReferenceError(field, 'athlete', athleteId);
    if (athleteDivision !== command.divisionId) {
      throw new UnprocessableCommandError(
        `${field}: athlete ${athleteId} is in division ${athleteDivision}, not ${command.divisionId}`,
      );
    }
  }
}

function sameMatch(stored: StoredMatch, command: ScheduleMatchInput): boolean {
  return (
    stored.divisionId === command.divisionId &&
    stored.redAthleteId === command.redAthleteId &&
    stored.blueAthleteId === command.blueAthleteId &&
    (stored.scheduledAt?.getTime() ?? null) === (command.scheduledAt?.getTime() ?? null)
  );
}
