import { InvalidCommandError } from './command-errors';
import { buildEvent, EventStamp } from './build-event';
import { applied, Change, ResourceChanged } from './change';

export interface UpdateAthleteInput {
  id: string;
  name?: string;
  weightClass?: string;
  country?: string;
}

export interface CurrentAthlete {
  divisionId: string;
  name: string;
  weightClass: string;
  country: string;
  revision: number;
}

/** Refused before any database work: a PATCH must say what to change. */
export function assertSomethingToUpdate(command: UpdateAthleteInput): void {
  if (command.name === undefined && command.weightClass === undefined && command.country === undefined) {
    throw new InvalidCommandError('body must contain at least one of name, weightClass, country');
  }
}

/**
 * Every accepted PATCH is a new revision with the athlete's full new state, even when the
 * values happen to be the same: the event is harmless to consumers (they keep the highest
 * revision) and the client always gets an event id it can wait for.
 */
export function decideUpdateAthlete(
  command: UpdateAthleteInput,
  current: CurrentAthlete,
  stamp: EventStamp,
): { next: CurrentAthlete; change: Change<ResourceChanged> } {
  const next: CurrentAthlete = {
    divisionId: current.divisionId,
    name: command.name ?? current.name,
    weightClass: command.weightClass ?? current.weightClass,
    country: command.country ?? current.country,
    revision: current.revision + 1,
  };
  const event = buildEvent('AthleteUpdated', { athleteId: command.id, ...next }, stamp);
  return { next, change: applied(event, { id: command.id, eventId: event.eventId }) };
}
