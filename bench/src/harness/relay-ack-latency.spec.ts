import { quantileBoundsMs, quantileMs, type Buckets } from './relay-ack-latency';

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

  it('gives the bucket holding the quantile, lower bound excluded', () => {
    const before = cumulative([
      [0.015, 0],
      [0.02, 0],
      [0.025, 0],
      [Number.POSITIVE_INFINITY, 0],
    ]);
    const after = cumulative([
      [0.015, 90],
      [0.02, 98],
      [0.025, 100],
      [Number.POSITIVE_INFINITY, 100],
    ]);
    expect(quantileBoundsMs(before, after, 0.5)).toEqual({ above: 0, atMost: 15 });
    expect(quantileBoundsMs(before, after, 0.99)).toEqual({ above: 20, atMost: 25 });
  });

  it('is null when the step observed nothing', () => {
    const same = cumulative([[Number.POSITIVE_INFINITY, 5]]);
    expect(quantileMs(same, same, 0.99)).toBeNull();
  });
});
