import { randomUUID } from 'node:crypto';
import type { ClientBase, Pool } from 'pg';
import type { EventEnvelope } from '@app/contracts';

export interface TestEvent {
  divisionId: string;
  /** Position of the event within its division; becomes the athlete revision. */
  seq: number;
  headers?: Record<string, string>;
}

/**
 * A valid CONTRACT §3 envelope (AthleteUpdated, whose `revision` is the per-division
 * sequence number), so order checks read straight off the published messages.
 */
export function buildEnvelope({ divisionId, seq }: TestEvent): EventEnvelope<'AthleteUpdated'> {
  return {
    eventId: randomUUID(),
    type: 'AthleteUpdated',
    schemaVersion: 1,
    divisionId,
    occurredAt: new Date().toISOString(),
    data: { athleteId: `${divisionId}-a1`, divisionId, name: `Athlete ${seq}`, weightClass: 'lightweight', country: 'BR', revision: seq },
  };
}

/** Inserts the events in one statement (one transaction), as a command would. */
export async function insertOutboxEvents(db: Pool | ClientBase, events: TestEvent[]): Promise<EventEnvelope[]> {
  const envelopes = events.map(buildEnvelope);
  await db.query(
    `INSERT INTO outbox (event_id, division_id, event_type, schema_version, occurred_at, payload, headers)
     SELECT (e->>'eventId')::uuid, e->>'divisionId', e->>'type', (e->>'schemaVersion')::int, (e->>'occurredAt')::timestamptz, e, h
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n)
       JOIN jsonb_array_elements($2::jsonb) WITH ORDINALITY AS y(h, m) ON n = m
      ORDER BY n`,
    [JSON.stringify(envelopes), JSON.stringify(events.map((e) => e.headers ?? {}))],
  );
  return envelopes;
}

/** `count` events spread round-robin over `divisions`, continuing each division's sequence. */
export class EventStream {
  private readonly next = new Map<string, number>();

  constructor(private readonly divisions: string[]) {}

  take(count: number): TestEvent[] {
    return Array.from({ length: count }, (_, i) => {
      const divisionId = this.divisions[i % this.divisions.length];
      const seq = (this.next.get(divisionId) ?? 0) + 1;
      this.next.set(divisionId, seq);
      return { divisionId, seq };
    });
  }

  get total(): number {
    return [...this.next.values()].reduce((a, b) => a + b, 0);
  }

  expectedSequences(): Map<string, number[]> {
    return new Map([...this.next].map(([division, last]) => [division, Array.from({ length: last }, (_, i) => i + 1)]));
  }
}
