import { healthCheck, type HealthCheck } from '@app/observability';
import type { FreshnessMonitor } from './freshness.monitor';

/**
 * `projection:<name>` is down while the projection is past the SLA: the check `/health`
 * runs on the projector and on the read API (never their readiness: a stale projection is
 * still worth serving). Reads the monitor's last report, so the probe never waits on a store.
 */
export function freshnessCheck(monitor: FreshnessMonitor, slaMs: number): HealthCheck {
  return healthCheck(`projection:${monitor.report().name}`, async () => {
    const report = monitor.report();
    if (monitor.isPastSla()) {
      throw new Error(`projection ${report.name} is ${report.freshnessLagMs} ms behind (SLA ${slaMs} ms, breaker ${report.breaker})`);
    }
    return { freshnessLagMs: report.freshnessLagMs, breaker: report.breaker };
  });
}
