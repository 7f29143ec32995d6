import type { AthleteState, MatchOutcome } from '@app/rankings';
import { changedMatches } from './write-generations';

const match = (completedAt: string, revision = 1): MatchOutcome => ({ revision, outcome: 'W', completedAt, opponentId: 'a2' });
const state = (matches: Record<string, MatchOutcome>): AthleteState => ({ athleteId: 'a1', divisionId: 'd', profile: null, matches });

describe('changedMatches (entries of the division match index a write must add or move)', () => {
  it('indexes every match of an athlete stored for the first time', () => {
    // given
    const merged = state({ m1: match('2026-01-01T10:00:00.000Z'), m2: match('2026-01-01T11:00:00.000Z') });
    // when
    const changed = changedMatches(null, merged);
    // then
    expect(changed).toEqual([
      ['m1', Date.parse('2026-01-01T10:00:00.000Z')],
      ['m2', Date.parse('2026-01-01T11:00:00.000Z')],
    ]);
  });

  it('indexes only the new match when the rest of the history is stored already', () => {
    // given
    const stored = state({ m1: match('2026-01-01T10:00:00.000Z'), m2: match('2026-01-01T11:00:00.000Z') });
    const merged = state({ ...stored.matches, m3: match('2026-01-01T12:00:00.000Z') });
    // when / then
    expect(changedMatches(stored, merged)).toEqual([['m3', Date.parse('2026-01-01T12:00:00.000Z')]]);
  });

  it('moves a match whose correction changed its completedAt, and skips one corrected at the same time', () => {
    // given
    const stored = state({ m1: match('2026-01-01T10:00:00.000Z'), m2: match('2026-01-01T11:00:00.000Z') });
    const merged = state({ m1: match('2026-01-01T10:30:00.000Z', 2), m2: { ...match('2026-01-01T11:00:00.000Z', 2), outcome: 'L' } });
    // when / then
    expect(changedMatches(stored, merged)).toEqual([['m1', Date.parse('2026-01-01T10:30:00.000Z')]]);
  });

  it('writes nothing to the index for a replay', () => {
    // given
    const stored = state({ m1: match('2026-01-01T10:00:00.000Z') });
    // when / then
    expect(changedMatches(stored, state({ ...stored.matches }))).toEqual([]);
  });
});
