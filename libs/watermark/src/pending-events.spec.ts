import { freshnessLagMs, PendingEventsTracker } from './pending-events';

const t0 = Date.parse('2026-11-22T23:59:00Z');
const lagOf = (tracker: PendingEventsTracker, now: number, committed: number, end: number, heldSince?: number) =>
  freshnessLagMs({
    now,
    oldestPublishedPendingAt: tracker.observe(now, [{ partition: 0, committed: BigInt(committed), end: BigInt(end), heldSince }]),
    outboxOldestAgeMs: 0,
  });

describe('freshness lag', () => {
  it('reads 0 when idle and caught up, however old the last event is', () => {
    const tracker = new PendingEventsTracker();
    expect(lagOf(tracker, t0, 10, 10)).toBe(0);
    expect(lagOf(tracker, t0 + 8 * 3600_000, 10, 10)).toBe(0);
  });

  it('grows one second per second while a projection stores nothing', () => {
    const tracker = new PendingEventsTracker();
    expect(lagOf(tracker, t0, 10, 10)).toBe(0);
    expect(lagOf(tracker, t0 + 1000, 10, 11)).toBe(0);
    expect(lagOf(tracker, t0 + 2000, 10, 12)).toBe(1000);
    expect(lagOf(tracker, t0 + 61_000, 10, 12)).toBe(60_000);
  });

  it('reads the real delay under steady load, not the time since it was last fully caught up', () => {
    const tracker = new PendingEventsTracker();
    // 500 events/s, each stored within 100 ms: at every check something is pending.
    let lag = 0;
    for (let s = 1; s <= 120; s++) lag = Math.max(lag, lagOf(tracker, t0 + s * 1000, 500 * s - 50, 500 * s));
    expect(lag).toBeLessThanOrEqual(1000);
  });

  it('uses the exact commit time of a message the process holds', () => {
    const tracker = new PendingEventsTracker();
    expect(lagOf(tracker, t0 + 5000, 10, 11, t0)).toBe(5000);
  });

  it('dates a pending message by the first sighting that included it after older ones were stored', () => {
    const tracker = new PendingEventsTracker();
    lagOf(tracker, t0, 0, 5); // messages 0..4 seen at t0
    lagOf(tracker, t0 + 1000, 0, 8); // 5..7 seen at t0+1s
    expect(lagOf(tracker, t0 + 3000, 5, 8)).toBe(2000); // 0..4 stored: 5 first seen at t0+1s
  });

  it('counts the outbox backlog: a dead relay shows although Kafka is caught up', () => {
    expect(freshnessLagMs({ now: t0, oldestPublishedPendingAt: null, outboxOldestAgeMs: 90_000 })).toBe(90_000);
    expect(freshnessLagMs({ now: t0, oldestPublishedPendingAt: t0 - 5000, outboxOldestAgeMs: 1000 })).toBe(5000);
  });
});
