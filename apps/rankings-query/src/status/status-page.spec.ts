import { renderStatusPage } from './status-page';
import type { StatusSnapshot } from './status-snapshot';
import { gatherStatus } from './status-snapshot';

const projection = (name: string, freshnessLagMs: number, breaker: 'closed' | 'open' = 'closed') => ({
  name,
  status: breaker === 'open' ? ('paused' as const) : freshnessLagMs > 60_000 ? ('stale' as const) : ('live' as const),
  lastEventOccurredAt: '2026-11-22T18:00:00.000Z',
  lastAppliedAt: null,
  freshnessLagMs,
  breaker,
});

const snapshot = (over: Partial<StatusSnapshot> = {}): StatusSnapshot => ({
  at: '2026-11-27T20:00:00.000Z',
  slaMs: 60_000,
  projections: { ok: true, value: [projection('elasticsearch', 93_000, 'open'), projection('redis', 0)] },
  backlog: { ok: true, value: { events: 4, oldestAgeSeconds: 12.4 } },
  deadLetters: { ok: true, value: { topic: 'match-events.dlq', messages: 2 } },
  lastReconcile: { ok: true, value: { finishedAt: '2026-11-27T19:50:00.000Z', driftTotal: 3, driftByModel: { 'redis leaderboard': 3 }, repairedFrom: null } },
  ...over,
});

describe('the status page', () => {
  it('marks a projection past the SLA with an open breaker as bad and a fresh one as ok', () => {
    const html = renderStatusPage(snapshot());
    expect(html).toMatch(/<tr data-projection="elasticsearch"><td>elasticsearch<\/td><td class="bad">paused<\/td><td class="bad" data-lag-ms="93000">93.0 s<\/td><td class="bad">open<\/td>/);
    expect(html).toMatch(/<tr data-projection="redis"><td>redis<\/td><td class="ok">live<\/td><td class="ok" data-lag-ms="0">0 ms<\/td><td class="ok">closed<\/td>/);
  });

  it('shows the backlog, the dead letters and the last reconcile with its drift', () => {
    const html = renderStatusPage(snapshot());
    expect(html).toContain('<td class="warn" id="backlog" data-events="4">4 unpublished events, oldest 12 s</td>');
    expect(html).toContain('<td class="warn" id="dead-letters" data-messages="2">2 messages on match-events.dlq</td>');
    expect(html).toContain('<td class="bad" id="last-reconcile" data-drift="3">3 differences (redis leaderboard 3) · 2026-11-27T19:50:00.000Z</td>');
  });

  it('says what it could not read instead of failing, escaped', () => {
    const html = renderStatusPage(snapshot({ backlog: { ok: false, error: 'no answer within 1000 ms <postgres>' }, lastReconcile: { ok: true, value: null } }));
    expect(html).toContain('<td class="bad" id="backlog">unknown: no answer within 1000 ms &#60;postgres&#62;</td>');
    expect(html).toContain('never run (ops reconcile --every 10m)');
  });
});

describe('gatherStatus', () => {
  it('bounds a hung source by the timeout and still returns the others', async () => {
    const started = Date.now();
    const result = await gatherStatus(
      {
        slaMs: 1000,
        projections: async () => [],
        backlog: () => new Promise(() => undefined),
        deadLetters: async () => ({ topic: 't.dlq', messages: 0 }),
        lastReconcile: async () => null,
      },
      100,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result.backlog).toEqual({ ok: false, error: 'no answer within 100 ms' });
    expect(result.deadLetters).toEqual({ ok: true, value: { topic: 't.dlq', messages: 0 } });
  });
});
