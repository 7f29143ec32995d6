import { createEventFactory } from '@test/support/event-factory';
import { projectAthletes } from './evolve';
import { divisionStats } from './division-stats';

const f = createEventFactory({ seed: 'd5' });

describe('divisionStats', () => {
  it('counts registered athletes, distinct completed matches and the latest completion', () => {
    const states = projectAthletes([
      f.athleteRegistered('d', 'a1', 'Ana'),
      f.athleteRegistered('d', 'a2', 'Bea'),
      f.athleteRegistered('other', 'o1', 'Oli'),
      f.matchCompleted('d', { matchId: 'm1', red: 'a1', blue: 'a2', winner: 'a1', completedAt: '2026-01-01T10:00:00Z' }),
      f.matchCompleted('d', { matchId: 'm2', red: 'a1', blue: 'a3', winner: null, completedAt: '2026-01-02T10:00:00Z' }),
      f.resultCorrected('d', { matchId: 'm2', red: 'a1', blue: 'a3', winner: 'a3', completedAt: '2026-01-01T12:00:00Z' }),
    ]);
    expect(divisionStats('d', states.values())).toEqual({
      divisionId: 'd',
      athletes: 2,
      matchesCompleted: 2,
      lastMatchAt: '2026-01-01T12:00:00.000Z',
    });
  });
});
