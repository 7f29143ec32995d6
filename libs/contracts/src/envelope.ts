import { z } from 'zod';
import { EVENT_TYPES, EventData, EventType, isoDateTime, slugSchema } from './event-types';

/** The schema version each event type is written at today (frozen: one truth per process). */
export const CURRENT_SCHEMA_VERSION: Readonly<Record<EventType, number>> = Object.freeze({
  DivisionCreated: 1,
  AthleteRegistered: 1,
  AthleteUpdated: 1,
  MatchScheduled: 1,
  MatchCompleted: 1,
  MatchResultCorrected: 1,
});

/** CONTRACT §3: the value of every Kafka message. */
export interface EventEnvelope<T extends EventType = EventType> {
  eventId: string;
  type: T;
  schemaVersion: number;
  divisionId: string;
  occurredAt: string;
  data: EventData<T>;
}

export type AnyEvent = { [T in EventType]: EventEnvelope<T> }[EventType];

/** Envelope fields checked before the type is known; `data` is checked per type. */
export const envelopeSchema = z.object({
  eventId: z.string().uuid(),
  type: z.string().min(1),
  schemaVersion: z.number().int().positive(),
  divisionId: slugSchema,
  occurredAt: isoDateTime,
  data: z.record(z.string(), z.unknown()),
});

export function isKnownEventType(type: string): type is EventType {
  return (EVENT_TYPES as readonly string[]).includes(type);
}

/** Kafka header names; trace context headers are added beside them by the tracer. */
export const EVENT_HEADERS = {
  eventId: 'event-id',
  type: 'event-type',
  schemaVersion: 'schema-version',
  dlqReason: 'dlq-reason',
} as const;

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
