import { createEventFactory } from '@test/support/event-factory';
import { projectAthletes } from './evolve';
import { rankDivision } from './division-order';
import { RankingEntry, toRankingEntry } from './ranking-entry';
import { AnyEvent } from '@app/contracts';
import { seededShuffle } from '@test/support';

const f = createEventFactory({ seed: 'ab' });
const rank = (events: AnyEvent[]) =>
  rankDivision(
    [...projectAthletes(events).values()].map(toRankingEntry).filter((e): e is RankingEntry => e !== null && e.divisionId === 'd'),
  );

describe('the ranking rules as a projection', () => {
  const events = [
    f.athleteRegistered('d', 'a1', 'Ana Silva'),
    f.athleteRegistered('d', 'a2', 'Bea Costa'),
    f.athleteRegistered('d', 'a3', 'Cris Lima'),
    f.matchCompleted('d', { matchId: 'm1', red: 'a1', blue: 'a2', winner: 'a1', completedAt: '2026-01-01T10:00:00Z' }),
    f.matchCompleted('d', { matchId: 'm2', red: 'a2', blue: 'a3', winner: null, completedAt: '2026-01-02T10:00:00Z' }),
    f.matchCompleted('d', { matchId: 'm3', red: 'a3', blue: 'a1', winner: 'a3', completedAt: '2026-01-03T10:00:00Z' }),
    f.resultCorrected('d', { matchId: 'm3', red: 'a3', blue: 'a1', winner: 'a1', completedAt: '2026-01-03T10:00:00Z' }),
    f.athleteUpdated('d', 'a2', { name: 'Beatriz Costa', weightClass: 'welterweight', country: 'PT', revision: 2 }),
  ];

  it('given a known sequence, then the division equals the expected snapshot', () => {
    expect(rank(events).map((e) => [e.rank, e.athleteId, e.name, e.points, e.recentForm.join('')])).toEqual([
      [1, 'a1', 'Ana Silva', 6, 'WW'],
      [2, 'a2', 'Beatriz Costa', 1, 'DL'],
      [3, 'a3', 'Cris Lima', 1, 'LD'],
    ]);
  });

  it('gives the same division for shuffled, duplicated delivery', () => {
    const expected = rank(events);
    for (const seed of [1, 2, 3, 42, 99]) expect(rank(seededShuffle([...events, ...events.slice(2, 6)], seed))).toEqual(expected);
  });
});
