import type { Client } from '@elastic/elasticsearch';
import { healthCheck, type HealthProbes } from '@app/observability';
import { freshnessCheck, type FreshnessMonitor } from '@app/watermark';
import type { RedisStore } from '@app/cache';

/**
 * Ready while both read stores answer: the read API's job is reads, and each endpoint needs
 * one of them. A projection past FRESHNESS_SLA_MS shows on `/health` only: serving slightly
 * old rankings beats serving none (CONTRACT §1), so it never takes the service out of a
 * load balancer. Liveness has no check: a store outage is not cured by a restart.
 */
export function queryHealthProbes(redis: RedisStore, search: Client, monitors: FreshnessMonitor[], slaMs: number): HealthProbes {
  const redisCheck = healthCheck('redis', async () => {
    await redis.ping();
  });
  const elasticsearch = healthCheck('elasticsearch', async () => {
    await search.ping({}, { requestTimeout: 1000, maxRetries: 0 });
  });
  const ready = [redisCheck, elasticsearch];
  return { live: [], ready, overall: [...ready, ...monitors.map((m) => freshnessCheck(m, slaMs))] };
}
