import { ConflictError, UnknownReferenceError } from './command-errors';
import { buildEvent, EventStamp } from './build-event';
import { applied, Change, replayed, ResourceChanged } from './change';

export interface RegisterAthleteInput {
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

/**
 * An existing id is compared with the athlete's current state: the same body again is a
 * replay, anything else a conflict (changes go through PATCH).
 */
export function decideRegisterAthlete(
  command: RegisterAthleteInput,
  state: RegisterAthleteState,
  stamp: EventStamp,
): Change<ResourceChanged> {
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

function sameAthlete(stored: StoredAthlete, command: RegisterAthleteInput): boolean {
  return (
    stored.divisionId === command.divisionId &&
    stored.name === command.name &&
    stored.weightClass === command.weightClass &&
    stored.country === command.country
  );
}
