import type { Client } from '@elastic/elasticsearch';
import type { Redis } from 'ioredis';
import { healthCheck, type HealthCheck, type HealthProbes } from '@app/observability';
import type { FreshnessMonitor } from '@app/watermark';

/**
 * Ready while both read stores answer: the read API's job is reads, and each endpoint needs
 * one of them. A projection past FRESHNESS_SLA_MS shows on `/health` only: serving slightly
 * old rankings beats serving none (CONTRACT §1), so it never takes the service out of a
 * load balancer. Liveness has no check: a store outage is not cured by a restart.
 */
export function queryHealthProbes(redis: Redis, search: Client, monitors: FreshnessMonitor[], slaMs: number): HealthProbes {
  const redisCheck = healthCheck('redis', async () => {
    await redis.ping();
  });
  const elasticsearch = healthCheck('elasticsearch', async () => {
    await search.ping({}, { requestTimeout: 1000, maxRetries: 0 });
  });
  const ready = [redisCheck, elasticsearch];
  return { live: [], ready, overall: [...ready, ...monitors.map((m) => freshnessCheck(m, slaMs))] };
}

/**
 * `projection:<name>` is down while the projection is past the SLA. Reads the monitor's last
 * report (refreshed every second), so the probe itself never waits on a store.
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
