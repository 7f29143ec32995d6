import { rankDivision } from './division-order';
import { RankingEntry } from './ranking-entry';

const entry = (athleteId: string, points: number, wins: number, losses: number): RankingEntry => ({
  athleteId,
  name: athleteId,
  country: 'BR',
  divisionId: 'd',
  weightClass: 'lw',
  points,
  wins,
  losses,
  draws: 0,
  matches: wins + losses,
  recentForm: [],
  lastMatchAt: null,
});

const shuffled = [entry('e', 3, 1, 0), entry('b', 6, 2, 1), entry('d', 3, 1, 2), entry('a', 6, 1, 0), entry('c', 6, 2, 1), entry('f', 0, 0, 0)];

describe('division order', () => {
  it('sorts by points desc, wins desc, losses asc, athleteId asc and ranks from 1', () => {
    expect(rankDivision(shuffled).map((e) => `${e.rank}:${e.athleteId}`)).toEqual(['1:b', '2:c', '3:a', '4:e', '5:d', '6:f']);
  });

});
