import { UnprocessableCommandError } from './command-errors';
import { CurrentResult, decideCorrectResult } from './correct-result.decide';

const stamp = { eventId: 'e-fix', occurredAt: new Date('2026-11-23T10:00:00Z') };
const current: CurrentResult = {
  winnerId: 'red',
  method: 'KO',
  completedAt: new Date('2026-11-22T18:30:00Z'),
  revision: 2,
  lastEventId: 'e-last',
};
const match = { matchId: 'm1', divisionId: 'open', redAthleteId: 'red', blueAthleteId: 'blue', result: current };

describe('decideCorrectResult', () => {
  it('emits MatchResultCorrected at the next revision with the full new result', () => {
    const change = decideCorrectResult(
      { matchId: 'm1', winnerId: 'blue', method: 'DQ', completedAt: current.completedAt },
      match,
      stamp,
    );
    expect(change.kind).toBe('applied');
    expect(change.kind === 'applied' && change.event).toMatchObject({
      type: 'MatchResultCorrected',
      eventId: 'e-fix',
      data: { winnerId: 'blue', method: 'DQ', revision: 3, redAthleteId: 'red', blueAthleteId: 'blue' },
    });
    expect(change.response).toEqual({ matchId: 'm1', eventId: 'e-fix' });
  });

  it('answers the current result with the event that produced it and changes nothing', () => {
    const change = decideCorrectResult(
      { matchId: 'm1', winnerId: 'red', method: 'KO', completedAt: new Date(current.completedAt) },
      match,
      stamp,
    );
    expect(change).toEqual({ kind: 'replayed', response: { matchId: 'm1', eventId: 'e-last' } });
  });

  it('applies the same winner rules as recording', () => {
    expect(() =>
      decideCorrectResult({ matchId: 'm1', winnerId: 'red', method: 'DRAW', completedAt: current.completedAt }, match, stamp),
    ).toThrow(UnprocessableCommandError);
  });
});
