import { ConflictError } from '../domain/command-errors';
import { buildEvent, EventStamp } from '../outbox/build-event';
import { applied, Change, replayed } from '../outbox/outbox-writer';

export interface CreateDivisionCommand {
  id: string;
  name: string;
}

export interface StoredDivision {
  name: string;
  createdEventId: string;
}

export interface DivisionCreatedResponse {
  id: string;
  eventId: string;
}

/** A new id creates the division; a repeat of the same body answers as the first time. */
export function decideCreateDivision(
  command: CreateDivisionCommand,
  existing: StoredDivision | null,
  stamp: EventStamp,
): Change<DivisionCreatedResponse> {
  if (existing) {
    if (existing.name === command.name) return replayed({ id: command.id, eventId: existing.createdEventId });
    throw new ConflictError(`division ${command.id} already exists with different values`);
  }
  const event = buildEvent('DivisionCreated', { divisionId: command.id, name: command.name }, stamp);
  return applied(event, { id: command.id, eventId: event.eventId });
}
