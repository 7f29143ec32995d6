import pino from 'pino';
import { FreshnessMonitor, MonitoredProjection } from './freshness.monitor';
import type { SourceProgress } from './source-progress';

/**
 * The monitor's lifecycle against the sources' port (the other side, recorded): a start
 * that comes after stop — a service shut down while it was still starting — must not
 * begin checking, or its interval would outlive the process's clients.
 */
function recordedSources() {
  const reads: number[] = [];
  const sources = {
    partitions: async () => {
      reads.push(Date.now());
      return [{ partition: 0, committed: 5n, end: 5n }];
    },
    outboxOldestAgeMs: async () => 0,
    close: async () => undefined,
  } as unknown as SourceProgress;
  return { reads, sources };
}

const projection: MonitoredProjection = {
  name: 'redis',
  groupId: 'topic.rankings-redis',
  readWatermark: async () => ({ newestOccurredAt: null, appliedAt: null }),
  isRebuilding: async () => false,
  breaker: () => 'closed',
  heldSince: () => new Map(),
};

const monitorOf = (sources: SourceProgress) =>
  new FreshnessMonitor({ projection, sources, slaMs: 60_000, intervalMs: 5, readTimeoutMs: 100, logger: pino({ level: 'silent' }) });

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('FreshnessMonitor lifecycle', () => {
  it('checks every interval once started, and not after stop', async () => {
    // given
    const { reads, sources } = recordedSources();
    const monitor = monitorOf(sources);
    // when
    monitor.start();
    await settle(40);
    await monitor.stop();
    const atStop = reads.length;
    await settle(40);
    // then
    expect(atStop).toBeGreaterThan(1);
    expect(reads.length).toBe(atStop);
  });

  it('does not start once stopped (a start that comes late is a no-op)', async () => {
    // given
    const { reads, sources } = recordedSources();
    const monitor = monitorOf(sources);
    await monitor.stop();
    // when
    monitor.start();
    await settle(40);
    // then
    expect(reads).toEqual([]);
    await monitor.stop();
  });

  it('started twice, it still stops for good (one interval, not one left running)', async () => {
    // given
    const { reads, sources } = recordedSources();
    const monitor = monitorOf(sources);
    monitor.start();
    monitor.start();
    await settle(20);
    // when
    await monitor.stop();
    const atStop = reads.length;
    await settle(40);
    // then
    expect(reads.length).toBe(atStop);
  });
});
