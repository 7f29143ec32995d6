import { AthleteState } from './athlete-state';
import { mergeAthleteStates } from './merge';

const base = (over: Partial<AthleteState>): AthleteState => ({ athleteId: 'a1', divisionId: 'd', profile: null, matches: {}, ...over });
const profile = (name: string, revision: number) => ({ name, weightClass: 'lw', country: 'BR', revision });
const match = (revision: number, outcome: 'W' | 'L' | 'D') => ({ revision, outcome, completedAt: '2026-01-01T00:00:00.000Z', opponentId: 'a2' });

describe('mergeAthleteStates', () => {
  const live = base({ profile: profile('Ana', 2), matches: { m1: match(2, 'D'), m2: match(1, 'W') } });
  const snapshot = base({ profile: profile('Old', 1), matches: { m1: match(1, 'W'), m3: match(1, 'L') } });

  it('keeps the highest revision of each component', () => {
    expect(mergeAthleteStates(live, snapshot)).toEqual(
      base({ profile: profile('Ana', 2), matches: { m1: match(2, 'D'), m2: match(1, 'W'), m3: match(1, 'L') } }),
    );
  });

  it('gives the same result in either order (a snapshot and a live event may race)', () => {
    expect(mergeAthleteStates(snapshot, live)).toEqual(mergeAthleteStates(live, snapshot));
  });

  it('changes nothing when the same state is merged again (replays, duplicates)', () => {
    const merged = mergeAthleteStates(live, snapshot);
    expect(mergeAthleteStates(merged, snapshot)).toEqual(merged);
    expect(mergeAthleteStates(merged, merged)).toEqual(merged);
  });

  it('picks the same value on both sides when two values share a revision', () => {
    const x = base({ matches: { m1: match(1, 'W') } });
    const y = base({ matches: { m1: match(1, 'L') } });
    expect(mergeAthleteStates(x, y)).toEqual(mergeAthleteStates(y, x));
  });

  it('refuses to merge two different athletes', () => {
    expect(() => mergeAthleteStates(live, { ...snapshot, athleteId: 'a2' })).toThrow(/a1 with a2/);
  });
});
