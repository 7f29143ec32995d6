import { AthleteState, MatchOutcome, Outcome } from './athlete-state';
import { rankingStats, toRankingEntry } from './ranking-entry';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString();
const m = (outcome: Outcome, minute: number, revision = 1): MatchOutcome => ({ revision, outcome, completedAt: at(minute), opponentId: 'x' });
const state = (matches: Record<string, MatchOutcome>): AthleteState => ({
  athleteId: 'a1',
  divisionId: 'd',
  profile: { name: 'Ana Silva', weightClass: 'lightweight', country: 'BR', revision: 1 },
  matches,
});

describe('rankingStats', () => {
  it('scores win 3, draw 1, loss 0 and counts the record', () => {
    expect(rankingStats(state({ a: m('W', 1), b: m('D', 2), c: m('L', 3), d: m('W', 4) }))).toMatchObject({
      points: 7,
      wins: 2,
      draws: 1,
      losses: 1,
      matches: 4,
    });
  });

  it('gives recentForm as the last five results newest first by completedAt, not by arrival', () => {
    const stats = rankingStats(state({ f: m('L', 6), a: m('W', 1), c: m('D', 3), b: m('W', 2), e: m('W', 5), d: m('L', 4) }));
    expect(stats.recentForm).toEqual(['L', 'W', 'L', 'D', 'W']);
    expect(stats.lastMatchAt).toBe(at(6));
  });

  it('orders matches completed at the same instant by match id, so every store agrees', () => {
    expect(rankingStats(state({ m1: m('W', 1), m2: m('L', 1) })).recentForm).toEqual(['L', 'W']);
  });

  it('ranks a registered athlete without matches with zeros and no last match', () => {
    expect(toRankingEntry(state({}))).toEqual({
      athleteId: 'a1',
      name: 'Ana Silva',
      country: 'BR',
      divisionId: 'd',
      weightClass: 'lightweight',
      points: 0,
      wins: 0,
      losses: 0,
      draws: 0,
      matches: 0,
      recentForm: [],
      lastMatchAt: null,
    });
  });

  it('has no entry for an athlete whose registration is not known yet', () => {
    expect(toRankingEntry({ ...state({ a: m('W', 1) }), profile: null })).toBeNull();
  });
});
