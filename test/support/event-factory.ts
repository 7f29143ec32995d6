import type { AnyEvent, EventData, EventEnvelope, EventType, MatchMethod } from '@app/contracts';

/**
 * Builds contract-valid events for tests (given-events in specs, messages
 * produced into Kafka by integration tests, fixtures for the rebuild). Ids come from a
 * counter under a seed, so a sequence is reproducible and two seeds never collide.
 */
export interface EventFactoryOptions {
  /** Up to 8 hex digits that make this factory's event ids unique. */
  seed?: string;
  /** occurredAt of the first event; each next one is 1 ms later unless given. */
  startAt?: string;
}

export interface ResultInput {
  matchId: string;
  red: string;
  blue: string;
  winner: string | null;
  completedAt: string;
  revision?: number;
  method?: MatchMethod;
}

export function createEventFactory({ seed = '0', startAt = '2026-11-22T18:00:00.000Z' }: EventFactoryOptions = {}) {
  let counter = 0;
  let clock = Date.parse(startAt);
  const seedHex = seed.replace(/[^0-9a-f]/gi, '').padStart(8, '0').slice(-8).toLowerCase();
  const nextId = () => `${seedHex}-0000-4000-8000-${(++counter).toString(16).padStart(12, '0')}`;

  function envelope<T extends EventType>(type: T, divisionId: string, data: EventData<T>, occurredAt?: string): EventEnvelope<T> {
    const at = occurredAt ?? new Date(clock++).toISOString();
    return { eventId: nextId(), type, schemaVersion: 1, divisionId, occurredAt: at, data };
  }

  return {
    nextId,
    divisionCreated: (divisionId: string, name = divisionId) => envelope('DivisionCreated', divisionId, { divisionId, name }) as AnyEvent,
    athleteRegistered: (divisionId: string, athleteId: string, name: string, weightClass = 'lightweight', country = 'BR') =>
      envelope('AthleteRegistered', divisionId, { athleteId, divisionId, name, weightClass, country }) as AnyEvent,
    athleteUpdated: (
      divisionId: string,
      athleteId: string,
      fields: { name: string; weightClass: string; country: string; revision: number },
    ) => envelope('AthleteUpdated', divisionId, { athleteId, divisionId, ...fields }) as AnyEvent,
    matchScheduled: (divisionId: string, matchId: string, red: string, blue: string) =>
      envelope('MatchScheduled', divisionId, { matchId, divisionId, redAthleteId: red, blueAthleteId: blue, scheduledAt: null }) as AnyEvent,
    matchCompleted: (divisionId: string, input: ResultInput) => resultEvent('MatchCompleted', divisionId, input),
    resultCorrected: (divisionId: string, input: ResultInput) => resultEvent('MatchResultCorrected', divisionId, input),
  };

  function resultEvent(type: 'MatchCompleted' | 'MatchResultCorrected', divisionId: string, input: ResultInput): AnyEvent {
    const data = {
      matchId: input.matchId,
      divisionId,
      redAthleteId: input.red,
      blueAthleteId: input.blue,
      winnerId: input.winner,
      method: input.method ?? (input.winner === null ? 'DRAW' : 'DECISION'),
      completedAt: input.completedAt,
      revision: input.revision ?? (type === 'MatchCompleted' ? 1 : 2),
    };
    return envelope(type, divisionId, data) as AnyEvent;
  }
}

export type EventFactory = ReturnType<typeof createEventFactory>;
