import { randomUUID } from 'node:crypto';
import { CURRENT_SCHEMA_VERSION, EventData, EventEnvelope, EventType } from '@app/contracts';

/** The id and time of an event about to be written; passed into decide functions so they stay pure. */
export interface EventStamp {
  eventId: string;
  occurredAt: Date;
}

export function newEventStamp(): EventStamp {
  return { eventId: randomUUID(), occurredAt: new Date() };
}

/**
 * A CONTRACT §3 envelope. The envelope's `divisionId` (the Kafka key) is always the
 * data's own `divisionId`, so the two can never disagree.
 */
export function buildEvent<T extends EventType>(type: T, data: EventData<T>, stamp: EventStamp): EventEnvelope<T> {
  return {
    eventId: stamp.eventId,
    type,
    schemaVersion: CURRENT_SCHEMA_VERSION[type],
    divisionId: data.divisionId,
    occurredAt: stamp.occurredAt.toISOString(),
    data,
  };
}
