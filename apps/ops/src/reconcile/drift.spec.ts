import { describeDrift, diffRecords } from './drift';

const entry = (points: number, recentForm: string[] = ['W']) => ({ athleteId: 'a1', points, recentForm });

describe('diffRecords', () => {
  it('reports nothing when every expected record is stored identically', () => {
    const expected = new Map([['a1', entry(3)]]);
    const actual = new Map([['a1', { ...entry(3), state: { bookkeeping: true } }]]);
    expect(diffRecords('elasticsearch', 'athlete', expected, actual)).toEqual([]);
  });

  it('reports a missing, an extra and a different record with the differing fields', () => {
    const expected = new Map([
      ['a1', entry(3)],
      ['a2', entry(1)],
    ]);
    const actual = new Map([
      ['a1', entry(4, ['W'])],
      ['ghost', entry(0)],
    ]);
    const drifts = diffRecords('elasticsearch', 'athlete', expected, actual);
    expect(drifts).toEqual([
      { store: 'elasticsearch', model: 'athlete', kind: 'different', key: 'a1', fields: ['points'], expected: { points: 3 }, actual: { points: 4 } },
      { store: 'elasticsearch', model: 'athlete', kind: 'missing', key: 'a2', expected: entry(1) },
      { store: 'elasticsearch', model: 'athlete', kind: 'extra', key: 'ghost', actual: entry(0) },
    ]);
  });

  it('compares arrays in order (recent form is newest first)', () => {
    const drifts = diffRecords('redis', 'athlete', new Map([['a1', entry(4, ['W', 'D'])]]), new Map([['a1', entry(4, ['D', 'W'])]]));
    expect(drifts.map((d) => d.fields)).toEqual([['recentForm']]);
  });

  it('treats an expected null (not registered) with a stored record as extra', () => {
    const drifts = diffRecords('redis', 'athlete', new Map([['a1', null]]), new Map([['a1', entry(0)]]));
    expect(drifts.map((d) => d.kind)).toEqual(['extra']);
  });
});

describe('describeDrift', () => {
  it('names the store, the model, the key and each differing value', () => {
    const line = describeDrift({ store: 'redis', model: 'athlete', kind: 'different', key: 'a1', fields: ['points'], expected: { points: 3 }, actual: { points: 4 } });
    expect(line).toBe('DIFFERENT redis athlete a1: points: stored 4, expected 3');
  });
});
