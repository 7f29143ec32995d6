import { ConflictError, InvalidCommandError, UnprocessableCommandError } from './command-errors';
import { assertCompletedInThePast } from './match-result';
import { decideRecordResult, RecordedResult } from './record-result.decide';

const match = { matchId: 'm1', divisionId: 'open', redAthleteId: 'red', blueAthleteId: 'blue' };
const stamp = { eventId: 'e-new', occurredAt: new Date('2026-11-22T19:00:00Z') };
const command = { matchId: 'm1', winnerId: 'red', method: 'KO' as const, completedAt: new Date('2026-11-22T18:30:00Z') };
const recorded: RecordedResult = { ...command, recordedEventId: 'e-original' };

describe('decideRecordResult', () => {
  it('completes an open match with MatchCompleted at revision 1, naming both athletes', () => {
    const change = decideRecordResult(command, { ...match, result: null }, stamp);
    expect(change).toEqual({
      kind: 'applied',
      response: { matchId: 'm1', eventId: 'e-new' },
      event: expect.objectContaining({
        type: 'MatchCompleted',
        divisionId: 'open',
        data: {
          matchId: 'm1',
          divisionId: 'open',
          redAthleteId: 'red',
          blueAthleteId: 'blue',
          winnerId: 'red',
          method: 'KO',
          completedAt: '2026-11-22T18:30:00.000Z',
          revision: 1,
        },
      }),
    });
  });

  it('replays the same result with the original event id', () => {
    const same = { ...command, completedAt: new Date('2026-11-22T18:30:00.000Z') };
    expect(decideRecordResult(same, { ...match, result: recorded }, stamp)).toEqual({
      kind: 'replayed',
      response: { matchId: 'm1', eventId: 'e-original' },
    });
  });

  it('refuses a different result for a completed match as a conflict', () => {
    expect(() => decideRecordResult({ ...command, winnerId: 'blue' }, { ...match, result: recorded }, stamp)).toThrow(
      ConflictError,
    );
    expect(() => decideRecordResult({ ...command, completedAt: new Date(0) }, { ...match, result: recorded }, stamp)).toThrow(
      ConflictError,
    );
  });

  it('requires no winner exactly for a draw, and otherwise one of the two athletes', () => {
    const open = { ...match, result: null };
    expect(decideRecordResult({ ...command, winnerId: null, method: 'DRAW' }, open, stamp).kind).toBe('applied');
    expect(() => decideRecordResult({ ...command, winnerId: 'red', method: 'DRAW' }, open, stamp)).toThrow(
      UnprocessableCommandError,
    );
    expect(() => decideRecordResult({ ...command, winnerId: null, method: 'DECISION' }, open, stamp)).toThrow(
      UnprocessableCommandError,
    );
    expect(() => decideRecordResult({ ...command, winnerId: 'referee' }, open, stamp)).toThrow(/not in match m1/);
  });

  it('judges an unfit body before comparing it with the stored result', () => {
    expect(() => decideRecordResult({ ...command, winnerId: 'referee' }, { ...match, result: recorded }, stamp)).toThrow(
      UnprocessableCommandError,
    );
  });
});

describe('assertCompletedInThePast', () => {
  const now = new Date('2026-11-22T19:00:00Z');

  it('allows a completion a few minutes ahead of the clock (device clock skew)', () => {
    expect(() => assertCompletedInThePast({ ...command, completedAt: new Date('2026-11-22T19:04:59Z') }, now)).not.toThrow();
  });

  it('refuses a completion further in the future as invalid', () => {
    expect(() => assertCompletedInThePast({ ...command, completedAt: new Date('2026-11-22T19:05:01Z') }, now)).toThrow(
      InvalidCommandError,
    );
    expect(() => assertCompletedInThePast({ ...command, completedAt: new Date('2099-01-01T00:00:00Z') }, now)).toThrow(
      /in the future/,
    );
  });
});
