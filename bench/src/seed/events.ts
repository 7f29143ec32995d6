import { randomUUID } from 'node:crypto';
import type { ClientBase, Pool } from 'pg';
import type { EventEnvelope } from '@app/contracts';
import { matchCorners, matchId, Roster } from './roster';

/** A MatchCompleted envelope as the write side builds it (CONTRACT §3). */
export function matchCompletedEvent(
  roster: Roster,
  prefix: string,
  n: number,
  occurredAt = new Date(),
): EventEnvelope<'MatchCompleted'> {
  const corners = matchCorners(roster, n);
  return {
    eventId: randomUUID(),
    type: 'MatchCompleted',
    schemaVersion: 1,
    divisionId: corners.divisionId,
    occurredAt: occurredAt.toISOString(),
    data: {
      matchId: matchId(prefix, n),
      ...corners,
      winnerId: corners.redAthleteId,
      method: 'DECISION',
      completedAt: occurredAt.toISOString(),
      revision: 1,
    },
  };
}

/** Appends events to the outbox the way a command does (one statement, arrays unnested). */
export async function insertOutboxEvents(db: ClientBase | Pool, events: readonly EventEnvelope[]): Promise<void> {
  await db.query(
    `INSERT INTO outbox (event_id, division_id, event_type, schema_version, occurred_at, payload, headers)
     SELECT e, d, t, v, o, p::jsonb, '{}'::jsonb
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::text[]) AS u(e, d, t, v, o, p)`,
    [
      events.map((e) => e.eventId),
      events.map((e) => e.divisionId),
      events.map((e) => e.type),
      events.map((e) => e.schemaVersion),
      events.map((e) => e.occurredAt),
      events.map((e) => JSON.stringify(e)),
    ],
  );
}

/** The Kafka message the relay publishes for an event (key, value, headers). */
export function kafkaMessageOf(event: EventEnvelope) {
  return {
    key: event.divisionId,
    value: JSON.stringify(event),
    headers: { 'event-id': event.eventId, 'event-type': event.type, 'schema-version': String(event.schemaVersion) },
  };
}
