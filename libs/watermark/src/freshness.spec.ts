import { evaluateFreshness } from './freshness';

const t0 = Date.parse('2026-11-22T23:59:00Z');

describe('evaluateFreshness', () => {
  it('reads an idle, caught-up projection as fresh however old the last event is', () => {
    const result = evaluateFreshness({ now: t0 + 8 * 3600_000, sourceNewest: t0, storedNewest: t0, behindSince: null });
    expect(result).toEqual({ lagMs: 0, behindSince: null });
  });

  it('keeps growing while a projection stays behind even if no new events arrive', () => {
    const first = evaluateFreshness({ now: t0 + 1000, sourceNewest: t0 + 500, storedNewest: t0, behindSince: null });
    expect(first.lagMs).toBe(500);
    const later = evaluateFreshness({ now: t0 + 3600_000, sourceNewest: t0 + 500, storedNewest: t0, behindSince: first.behindSince });
    expect(later.lagMs).toBe(3600_000 - 1000);
  });

  it('resets once the store has applied the newest source event', () => {
    const behind = evaluateFreshness({ now: t0 + 10_000, sourceNewest: t0 + 5000, storedNewest: t0, behindSince: t0 });
    expect(behind.lagMs).toBe(10_000);
    expect(evaluateFreshness({ now: t0 + 11_000, sourceNewest: t0 + 5000, storedNewest: t0 + 5000, behindSince: t0 })).toEqual({
      lagMs: 0,
      behindSince: null,
    });
  });

  it('measures a projection that has stored nothing against the source event age', () => {
    const result = evaluateFreshness({ now: t0 + 2000, sourceNewest: t0, storedNewest: null, behindSince: null });
    expect(result.lagMs).toBe(2000);
  });
});
