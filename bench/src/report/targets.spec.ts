import { describeTarget, evaluateTarget, ratioTo, Target, verdict } from './targets';

const p99Target: Target = {
  id: 'read.p99.c200',
  source: 'issue 6',
  metric: 'GET /rankings p99 at 200 connections',
  comparator: '<',
  threshold: 20,
  unit: 'ms',
};
const ratioTarget: Target = { ...p99Target, id: 'write.ratio', comparator: '>=', threshold: 0.5, unit: '×' };

describe('evaluateTarget', () => {
  it('meets an upper bound only strictly below it', () => {
    expect(evaluateTarget(p99Target, 19.9).met).toBe(true);
    expect(evaluateTarget(p99Target, 20).met).toBe(false);
  });

  it('meets a lower bound at the threshold itself', () => {
    expect(evaluateTarget(ratioTarget, 0.5).met).toBe(true);
    expect(evaluateTarget(ratioTarget, 0.49).met).toBe(false);
  });

  it('gives the ratio to the same-run baseline', () => {
    const outcome = evaluateTarget(p99Target, 12, { label: 'node:http + one Redis GET', value: 4 });
    expect(outcome.ratio).toBe(3);
    expect(outcome.baseline?.label).toBe('node:http + one Redis GET');
  });

  it('says "not measured" instead of inventing a figure', () => {
    const outcome = evaluateTarget(p99Target, null, { label: 'x', value: 4 });
    expect(outcome).toMatchObject({ measured: null, met: null, ratio: null });
    expect(verdict(outcome)).toBe('not measured');
    expect(evaluateTarget(p99Target, Number.NaN).met).toBeNull();
  });
});

describe('a target relative to its baseline', () => {
  const relative: Target = {
    ...ratioTarget,
    id: 'write.c64',
    metric: 'results/s at 64 clients',
    unit: 'results/s',
    relativeToBaseline: true,
  };

  it('compares measured ÷ baseline with the threshold', () => {
    expect(evaluateTarget(relative, 600, { label: 'pgbench', value: 1000 })).toMatchObject({ met: true, ratio: 0.6 });
    expect(evaluateTarget(relative, 400, { label: 'pgbench', value: 1000 })).toMatchObject({ met: false, ratio: 0.4 });
  });

  it('is not measured without a baseline', () => {
    expect(evaluateTarget(relative, 600).met).toBeNull();
  });

  it('reads as a fraction of the baseline', () => {
    expect(describeTarget(relative)).toBe('results/s at 64 clients >= 0.5 × baseline');
    expect(describeTarget(p99Target)).toBe('GET /rankings p99 at 200 connections < 20 ms');
  });
});

describe('ratioTo', () => {
  it('has no ratio against a zero or missing baseline', () => {
    expect(ratioTo(5, 0)).toBeNull();
    expect(ratioTo(5, null)).toBeNull();
    expect(ratioTo(null, 5)).toBeNull();
    expect(ratioTo(3, 6)).toBe(0.5);
  });
});

describe('verdict', () => {
  it('shouts a missed target', () => {
    expect(verdict({ met: true })).toBe('met');
    expect(verdict({ met: false })).toBe('NOT MET');
  });
});
