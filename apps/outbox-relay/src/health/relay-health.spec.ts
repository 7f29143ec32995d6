import pino from 'pino';
import { RelayHealth } from './relay-health';

function recordingLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('RelayHealth', () => {
  it('logs one line when a dependency fails, however often the failure repeats', () => {
    const { logger, lines } = recordingLogger();
    const health = new RelayHealth(logger);
    for (let i = 0; i < 50; i++) health.degraded('kafka', 'broker unreachable');
    expect(lines).toHaveLength(1);
    expect(lines[0].msg).toMatch(/degraded: kafka broker unreachable/);
  });

  it('logs the recovery once with how long the outage lasted', () => {
    const { logger, lines } = recordingLogger();
    let now = 1_000;
    const health = new RelayHealth(logger, () => now);
    health.degraded('postgres', 'connection refused');
    now = 4_500;
    health.healthy('postgres');
    health.healthy('postgres');
    expect(lines.map((l) => l.msg)).toEqual([
      'outbox relay degraded: postgres connection refused',
      'outbox relay recovered: postgres is reachable again after 3500 ms',
    ]);
  });

  it('reports every failing dependency with its reason', () => {
    const health = new RelayHealth(recordingLogger().logger);
    expect(health.report()).toEqual({ status: 'ok', reasons: [] });
    health.degraded('postgres', 'unreachable (ECONNREFUSED)');
    health.degraded('kafka', 'broker unreachable');
    expect(health.report()).toEqual({
      status: 'degraded',
      reasons: ['postgres: unreachable (ECONNREFUSED)', 'kafka: broker unreachable'],
    });
    health.healthy('postgres');
    expect(health.isHealthy('kafka')).toBe(false);
    expect(health.report().reasons).toEqual(['kafka: broker unreachable']);
  });
});
