import { quantileMs, type Buckets } from './relay-ack-latency';

const cumulative = (pairs: Array<[number, number]>): Buckets => new Map(pairs);

describe('quantileMs', () => {
  it('reads the quantile off the difference of two cumulative scrapes', () => {
    const before = cumulative([
      [0.005, 100],
      [0.01, 100],
      [0.02, 100],
      [Number.POSITIVE_INFINITY, 100],
    ]);
    const after = cumulative([
      [0.005, 150],
      [0.01, 197],
      [0.02, 200],
      [Number.POSITIVE_INFINITY, 200],
    ]);
    expect(quantileMs(before, after, 0.5)).toBe(5);
    expect(quantileMs(before, after, 0.97)).toBe(10);
    expect(quantileMs(before, after, 0.99)).toBe(20);
  });

  it('is null when the step observed nothing', () => {
    const same = cumulative([[Number.POSITIVE_INFINITY, 5]]);
    expect(quantileMs(same, same, 0.99)).toBeNull();
  });
});
