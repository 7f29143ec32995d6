import { DivisionChanges, FactRow, ProfileRow, splitChanges } from './division-changes';

const fact = (n: number): FactRow => [`m${n}`, '1', String(n), new Date(n).toISOString(), 'a1', 'a2', 'a1'];
const profile = (n: number): ProfileRow => [`a${n}`, '1', `Athlete ${n}`, '-70kg', 'SE'];

function division(id: string, matches: number, profiles: number, extra: Partial<DivisionChanges> = {}): DivisionChanges {
  return {
    divisionId: id,
    matches: Array.from({ length: matches }, (_, i) => fact(i)),
    profiles: Array.from({ length: profiles }, (_, i) => profile(i)),
    eventIds: Array.from({ length: matches + profiles }, (_, i) => `${id}-e${i}`),
    ...extra,
  };
}

describe('splitChanges', () => {
  it('keeps a division within the limit as it is', () => {
    // given
    const changes = [division('d1', 3, 2, { name: 'Open' })];
    // when
    const split = splitChanges(changes, 5);
    // then
    expect(split).toEqual(changes);
  });

  it('splits a larger division into chunks of at most maxRows, profiles first, every row once and in order', () => {
    // given
    const whole = division('d1', 7, 3);
    // when
    const split = splitChanges([whole], 2);
    // then
    expect(split.map((c) => [c.profiles.length, c.matches.length])).toEqual([
      [2, 0],
      [1, 0],
      [0, 2],
      [0, 2],
      [0, 2],
      [0, 1],
    ]);
    expect(split.every((c) => c.divisionId === 'd1')).toBe(true);
    expect(split.flatMap((c) => c.profiles)).toEqual(whole.profiles);
    expect(split.flatMap((c) => c.matches)).toEqual(whole.matches);
  });

  it('puts the name on the first chunk and the waitFor markers on the last, also when no profile is split', () => {
    // given
    const whole = division('d1', 5, 0, { name: 'Open' });
    // when
    const split = splitChanges([whole], 2);
    // then
    expect(split.map((c) => c.name)).toEqual(['Open', undefined, undefined]);
    expect(split.map((c) => c.eventIds.length)).toEqual([0, 0, 5]);
    expect(split[2].eventIds).toEqual(whole.eventIds);
  });

  it('splits each division on its own and keeps the divisions in order', () => {
    // given
    const changes = [division('d1', 3, 0), division('d2', 1, 0), division('d3', 0, 4)];
    // when
    const split = splitChanges(changes, 2);
    // then
    expect(split.map((c) => `${c.divisionId}:${c.profiles.length + c.matches.length}`)).toEqual(['d1:2', 'd1:1', 'd2:1', 'd3:2', 'd3:2']);
  });

  it('refuses a limit below one row', () => {
    expect(() => splitChanges([division('d1', 1, 0)], 0)).toThrow(/at least 1/);
  });
});
