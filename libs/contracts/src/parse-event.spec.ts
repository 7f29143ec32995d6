import { randomUUID } from 'node:crypto';
import { CURRENT_SCHEMA_VERSION } from './envelope';
import { parseEvent } from './parse-event';
import { Upcasters } from './upcasters';

const completed = () => ({
  eventId: randomUUID(),
  type: 'MatchCompleted',
  schemaVersion: 1,
  divisionId: 'elite-men',
  occurredAt: '2026-11-22T18:00:00.000Z',
  data: {
    matchId: randomUUID(),
    divisionId: 'elite-men',
    redAthleteId: 'a1',
    blueAthleteId: 'a2',
    winnerId: 'a1',
    method: 'KO',
    completedAt: '2026-11-22T18:00:00.000Z',
    revision: 1,
  },
});

describe('parseEvent', () => {
  it('accepts a valid envelope at the current version', () => {
    const message = completed();
    const parsed = parseEvent(Buffer.from(JSON.stringify(message)));
    expect(parsed).toEqual({ kind: 'event', event: message });
  });

  it('sends unparseable JSON to the dead-letter path with the reason', () => {
    const parsed = parseEvent(Buffer.from('{"eventId":'));
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' && parsed.reason).toMatch(/not JSON/);
  });

  it('rejects a known type whose data breaks its schema', () => {
    const message = completed();
    (message.data as Record<string, unknown>).method = 'ARMBAR';
    const parsed = parseEvent(JSON.stringify(message));
    expect(parsed.kind === 'invalid' && parsed.reason).toMatch(/MatchCompleted data: method/);
  });

  it('rejects data whose division disagrees with the envelope key', () => {
    const message = completed();
    message.data.divisionId = 'other';
    expect(parseEvent(JSON.stringify(message)).kind).toBe('invalid');
  });

  it('ignores unknown event types without failing', () => {
    const parsed = parseEvent(JSON.stringify({ ...completed(), type: 'BeltAwarded' }));
    expect(parsed).toMatchObject({ kind: 'ignored', type: 'BeltAwarded' });
  });

  it('ignores a schemaVersion newer than the consumer knows', () => {
    const parsed = parseEvent(JSON.stringify({ ...completed(), schemaVersion: 2 }));
    expect(parsed).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/newer/) });
  });

  it('upcasts an older schema version through the registered steps', () => {
    const versions = { ...CURRENT_SCHEMA_VERSION, MatchCompleted: 2 };
    const steps: Upcasters = { MatchCompleted: { 1: (data) => ({ ...data }) } };
    const v1 = completed();
    const parsed = parseEvent(JSON.stringify(v1), { versions, upcasters: steps });
    expect(parsed).toMatchObject({ kind: 'event', event: { schemaVersion: 2, data: v1.data } });
    expect(parseEvent(JSON.stringify(v1), { versions, upcasters: {} })).toMatchObject({
      kind: 'invalid',
      reason: 'no upcaster for MatchCompleted v1',
    });
  });

  it('keeps the exported version table frozen, so no caller can change what every consumer reads at', () => {
    expect(Object.isFrozen(CURRENT_SCHEMA_VERSION)).toBe(true);
  });
});
