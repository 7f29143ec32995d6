import { percentile, summarizeLatencies } from './percentiles';

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('uses the nearest rank, so every figure is a real sample', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([1, 2, 3], 50)).toBe(2);
  });

  it('returns the only sample for any percentile of one', () => {
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
  });

  it('refuses an empty set and a percentile outside (0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(/empty/);
    expect(() => percentile([1], 0)).toThrow(/\(0, 100\]/);
    expect(() => percentile([1], 101)).toThrow(/\(0, 100\]/);
  });
});

describe('summarizeLatencies', () => {
  it('sorts numerically, not as strings', () => {
    const summary = summarizeLatencies([10, 9, 100, 2]);
    expect(summary).toEqual({ count: 4, p50: 9, p99: 100, max: 100, mean: 30.25 });
  });

  it('reports nothing rather than zeros when there are no samples', () => {
    expect(summarizeLatencies([])).toBeNull();
  });

  it('keeps the tail: one slow request in a hundred is the p99', () => {
    const samples = [...Array.from({ length: 99 }, () => 1), 500];
    expect(summarizeLatencies(samples)).toMatchObject({ p50: 1, p99: 1, max: 500 });
    const twoSlow = [...Array.from({ length: 98 }, () => 1), 400, 500];
    expect(summarizeLatencies(twoSlow)).toMatchObject({ p99: 400 });
  });
});
