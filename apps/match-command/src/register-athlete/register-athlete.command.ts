import { ConflictError, UnknownReferenceError } from '../domain/command-errors';
import { buildEvent, EventStamp } from '../outbox/build-event';
import { applied, Change, replayed } from '../outbox/outbox-writer';

export interface RegisterAthleteCommand {
  id: string;
  name: string;
  divisionId: string;
  weightClass: string;
  country: string;
}

export interface StoredAthlete {
  divisionId: string;
  name: string;
  weightClass: string;
  country: string;
  createdEventId: string;
}

export interface RegisterAthleteState {
  divisionExists: boolean;
  existing: StoredAthlete | null;
}

export interface AthleteRegisteredResponse {
  id: string;
  eventId: string;
}

/**
 * An existing id is compared with the athlete's current state: the same body again is a
 * replay, anything else a conflict (changes go through PATCH).
 */
export function decideRegisterAthlete(
  command: RegisterAthleteCommand,
  state: RegisterAthleteState,
  stamp: EventStamp,
): Change<AthleteRegisteredResponse> {
  const { existing } = state;
  if (existing) {
    if (sameAthlete(existing, command)) return replayed({ id: command.id, eventId: existing.createdEventId });
    throw new ConflictError(`athlete ${command.id} already exists with different values`);
  }
  if (!state.divisionExists) throw new UnknownReferenceError('divisionId', 'division', command.divisionId);
  const { id: athleteId, divisionId, name, weightClass, country } = command;
  const event = buildEvent('AthleteRegistered', { athleteId, divisionId, name, weightClass, country }, stamp);
  return applied(event, { id: athleteId, eventId: event.eventId });
}

function sameAthlete(stored: StoredAthlete, command: RegisterAthleteCommand): boolean {
  return (
    stored.divisionId === command.divisionId &&
    stored.name === command.name &&
    stored.weightClass === command.weightClass &&
    stored.country === command.country
  );
}
