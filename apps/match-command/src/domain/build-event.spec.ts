import { eventDataSchemas, parseEvent } from '@app/contracts';
import { buildEvent } from './build-event';

const stamp = { eventId: '6f1c2a5e-8a47-4d0e-9a57-0a2b7c1d9e11', occurredAt: new Date('2026-11-22T18:05:00.000Z') };

describe('buildEvent', () => {
  it('builds a CONTRACT §3 envelope that consumers parse back unchanged', () => {
    const event = buildEvent(
      'MatchCompleted',
      {
        matchId: '0b6f6c1e-2d7a-4d5e-9a3b-6f1f0e2d4c5b',
        divisionId: 'elite-men',
        redAthleteId: 'a1',
        blueAthleteId: 'a2',
        winnerId: 'a1',
        method: 'KO',
        completedAt: '2026-11-22T18:00:00.000Z',
        revision: 1,
      },
      stamp,
    );
    expect(event).toEqual({
      eventId: stamp.eventId,
      type: 'MatchCompleted',
      schemaVersion: 1,
      divisionId: 'elite-men',
      occurredAt: '2026-11-22T18:05:00.000Z',
      data: expect.objectContaining({ revision: 1 }),
    });
    expect(parseEvent(JSON.stringify(event))).toEqual({ kind: 'event', event });
  });

  it('keys every event type by the division in its data', () => {
    const events = [
      buildEvent('DivisionCreated', { divisionId: 'd1', name: 'D1' }, stamp),
      buildEvent('AthleteRegistered', { athleteId: 'a1', divisionId: 'd1', name: 'A', weightClass: 'w', country: 'BR' }, stamp),
      buildEvent(
        'AthleteUpdated',
        { athleteId: 'a1', divisionId: 'd1', name: 'A', weightClass: 'w', country: 'BR', revision: 2 },
        stamp,
      ),
      buildEvent(
        'MatchScheduled',
        {
          matchId: '0b6f6c1e-2d7a-4d5e-9a3b-6f1f0e2d4c5b',
          divisionId: 'd1',
          redAthleteId: 'a1',
          blueAthleteId: 'a2',
          scheduledAt: null,
        },
        stamp,
      ),
    ];
    for (const event of events) {
      expect(event.divisionId).toBe('d1');
      expect(eventDataSchemas[event.type].safeParse(event.data).success).toBe(true);
      expect(parseEvent(JSON.stringify(event)).kind).toBe('event');
    }
  });
});
