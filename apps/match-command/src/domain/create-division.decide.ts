import { ConflictError } from './command-errors';
import { buildEvent, EventStamp } from './build-event';
import { applied, Change, replayed, ResourceChanged } from './change';

export interface CreateDivisionInput {
  id: string;
  name: string;
}

export interface StoredDivision {
  name: string;
  createdEventId: string;
}

/** A new id creates the division; a repeat of the same body answers as the first time. */
export function decideCreateDivision(
  command: CreateDivisionInput,
  existing: StoredDivision | null,
  stamp: EventStamp,
): Change<ResourceChanged> {
  if (existing) {
    if (existing.name === command.name) return replayed({ id: command.id, eventId: existing.createdEventId });
    throw new ConflictError(`division ${command.id} already exists with different values`);
  }
  const event = buildEvent('DivisionCreated', { divisionId: command.id, name: command.name }, stamp);
  return applied(event, { id: command.id, eventId: event.eventId });
}
