import { compareVisible, VisibleEntry } from './visible-order';

const board = (...rows: Array<[string, number]>): VisibleEntry[] => rows.map(([athleteId, points], i) => ({ rank: i + 1, athleteId, points }));

describe('compareVisible (what users see of a division)', () => {
  it('finds nothing when ranks, order and values match', () => {
    const truth = board(['a', 9], ['b', 6], ['c', 3]);
    expect(compareVisible('redis', 'leaderboard', 'd1', truth, board(['a', 9], ['b', 6], ['c', 3]))).toEqual([]);
  });

  it('reports a wrong printed rank even when the list order is right', () => {
    const observed = board(['a', 9], ['b', 6], ['c', 3]);
    observed[1] = { ...observed[1], rank: 3 };
    expect(compareVisible('elasticsearch', 'rankings', 'd1', board(['a', 9], ['b', 6], ['c', 3]), observed)).toEqual([
      { store: 'elasticsearch', model: 'rankings', kind: 'different', key: 'd1/b', fields: ['rank'], expected: { rank: 2 }, actual: { rank: 3 } },
    ]);
  });

  it('reports two athletes listed in the wrong order by position and rank', () => {
    const drifts = compareVisible('redis', 'leaderboard', 'd1', board(['a', 9], ['b', 6]), board(['b', 6], ['a', 9]));
    expect(drifts.map((d) => [d.key, d.fields])).toEqual([
      ['d1/a', ['position', 'rank']],
      ['d1/b', ['position', 'rank']],
    ]);
  });

  it('reports a missing athlete, an unknown one and a duplicate line', () => {
    const observed = [...board(['a', 9], ['x', 1]), { rank: 3, athleteId: 'a', points: 9 }];
    const drifts = compareVisible('redis', 'leaderboard', 'd1', board(['a', 9], ['b', 6]), observed);
    expect(drifts.map((d) => `${d.kind} ${d.key}`)).toEqual(['extra d1/a', 'missing d1/b', 'extra d1/x']);
  });

  it('reports a wrong value shown on the right line', () => {
    const drifts = compareVisible('redis', 'leaderboard', 'd1', board(['a', 9]), board(['a', 8]));
    expect(drifts).toEqual([{ store: 'redis', model: 'leaderboard', kind: 'different', key: 'd1/a', fields: ['points'], expected: { points: 9 }, actual: { points: 8 } }]);
  });
});
