import { ConflictError, InvalidCommandError, UnknownReferenceError, UnprocessableCommandError } from './command-errors';
import { decideScheduleMatch, ScheduleMatchState } from './schedule-match.decide';

const stamp = { eventId: 'e1', occurredAt: new Date('2026-11-01T00:00:00Z') };
const command = {
  id: 'm1',
  divisionId: 'open',
  redAthleteId: 'red',
  blueAthleteId: 'blue',
  scheduledAt: new Date('2026-11-22T18:00:00Z'),
};
const fresh: ScheduleMatchState = { divisionExists: true, redDivisionId: 'open', blueDivisionId: 'open', existing: null };

describe('decideScheduleMatch', () => {
  it('schedules a match between two athletes of its division', () => {
    const change = decideScheduleMatch(command, fresh, stamp);
    expect(change).toMatchObject({
      kind: 'applied',
      response: { id: 'm1', eventId: 'e1' },
      event: { type: 'MatchScheduled', data: { matchId: 'm1', scheduledAt: '2026-11-22T18:00:00.000Z' } },
    });
  });

  it('refuses an athlete against themself before anything else', () => {
    expect(() => decideScheduleMatch({ ...command, blueAthleteId: 'red' }, { ...fresh, divisionExists: false }, stamp)).toThrow(
      InvalidCommandError,
    );
  });

  it('names the unknown reference', () => {
    expect(() => decideScheduleMatch(command, { ...fresh, divisionExists: false }, stamp)).toThrow(
      new UnknownReferenceError('divisionId', 'division', 'open'),
    );
    expect(() => decideScheduleMatch(command, { ...fresh, blueDivisionId: null }, stamp)).toThrow(
      new UnknownReferenceError('blueAthleteId', 'athlete', 'blue'),
    );
  });

  it('refuses an athlete of another division', () => {
    expect(() => decideScheduleMatch(command, { ...fresh, redDivisionId: 'kids' }, stamp)).toThrow(UnprocessableCommandError);
  });

  it('replays an identical existing match and refuses a different one', () => {
    const existing = {
      divisionId: 'open',
      redAthleteId: 'red',
      blueAthleteId: 'blue',
      scheduledAt: new Date('2026-11-22T18:00:00Z'),
      createdEventId: 'e0',
    };
    expect(decideScheduleMatch(command, { ...fresh, existing }, stamp)).toEqual({
      kind: 'replayed',
      response: { id: 'm1', eventId: 'e0' },
    });
    expect(() => decideScheduleMatch({ ...command, scheduledAt: null }, { ...fresh, existing }, stamp)).toThrow(ConflictError);
  });
});
