import { AthleteState, MatchOutcome, Outcome } from './athlete-state';
import { isCanonicalInstant, RECENT_FORM_LENGTH, rankingStats, toRankingEntry } from './ranking-entry';

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

  it('orders completedAt values by instant, not by text, when they are not in the canonical form', () => {
    // given: 10:30 at +02:00 is 08:30Z, older than 09:00Z although it sorts after it as text
    const stats = rankingStats(
      state({
        m1: { ...m('W', 0), completedAt: '2026-01-01T10:30:00.000+02:00' },
        m2: { ...m('L', 0), completedAt: '2026-01-01T09:00:00.000Z' },
      }),
    );
    // then
    expect(stats.recentForm).toEqual(['L', 'W']);
    expect(stats.lastMatchAt).toBe('2026-01-01T09:00:00.000Z');
  });

  it('orders a date that rolls over into the next month as Date.parse does', () => {
    // given: Date.parse reads 02-30 as March 2nd, newer than March 1st
    const stats = rankingStats(
      state({
        feb: { ...m('W', 0), completedAt: '2026-02-30T00:00:00.000Z' },
        mar: { ...m('L', 0), completedAt: '2026-03-01T00:00:00.000Z' },
      }),
    );
    // then
    expect(stats.recentForm).toEqual(['W', 'L']);
  });

  it('gives the same figures as sorting the whole history newest first, whatever the insertion order', () => {
    // given: 60 matches in a shuffled order, with repeated instants and some offset forms
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const outcomes: Outcome[] = ['W', 'L', 'D'];
    const matches: Record<string, MatchOutcome> = {};
    for (let i = 0; i < 60; i++) {
      const match = m(outcomes[Math.floor(random() * 3)], Math.floor(random() * 20));
      if (i % 7 === 0) match.completedAt = match.completedAt.replace('T10:', 'T11:').replace('.000Z', '.000+01:00');
      matches[`m${Math.floor(random() * 1e6)}-${i}`] = match;
    }
    // when
    const stats = rankingStats(state(matches));
    // then: the reference is the full sort by instant desc, match id desc
    const sorted = Object.entries(matches).sort(
      ([idA, a], [idB, b]) => Date.parse(b.completedAt) - Date.parse(a.completedAt) || (idA < idB ? 1 : idA > idB ? -1 : 0),
    );
    expect(stats.recentForm).toEqual(sorted.slice(0, RECENT_FORM_LENGTH).map(([, x]) => x.outcome));
    expect(stats.lastMatchAt).toBe(sorted[0][1].completedAt);
    expect(stats.matches).toBe(60);
    expect(stats.wins + stats.draws + stats.losses).toBe(60);
    expect(stats.points).toBe(stats.wins * 3 + stats.draws);
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

describe('isCanonicalInstant', () => {
  it('accepts what toISOString prints', () => {
    expect(isCanonicalInstant(new Date(Date.UTC(2026, 1, 28, 23, 59, 59, 999)).toISOString())).toBe(true);
    expect(isCanonicalInstant('2024-02-29T00:00:00.000Z')).toBe(true);
    expect(isCanonicalInstant('2026-12-31T00:00:00.000Z')).toBe(true);
  });

  it('rejects anything whose text order may differ from its time order', () => {
    expect(isCanonicalInstant('2026-01-01T10:00:00.000+02:00')).toBe(false);
    expect(isCanonicalInstant('2026-01-01T10:00:00Z')).toBe(false);
    expect(isCanonicalInstant('2026-02-30T00:00:00.000Z')).toBe(false);
    expect(isCanonicalInstant('2026-04-31T00:00:00.000Z')).toBe(false);
    expect(isCanonicalInstant('2026-01-01T24:00:00.000Z')).toBe(false);
    expect(isCanonicalInstant('+012026-01-01T00:00:00.000Z')).toBe(false);
  });
});
