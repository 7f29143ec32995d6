import type { HealthCheck } from './health-check';

/**
 * The three probes every service answers (CONTRACT §1), as lists of checks:
 * - `live`: the process works. Keep dependencies out of it: an orchestrator restarts a
 *   process whose liveness fails, and restarting does not fix a database outage.
 * - `ready`: it can do its job now (send it traffic / let it lead).
 * - `overall`: everything people and monitors should know, e.g. a projection past the
 *   freshness SLA, which does not make a read API unready (old rankings beat none).
 */
export interface HealthProbes {
  live: HealthCheck[];
  ready: HealthCheck[];
  overall: HealthCheck[];
}

export const HEALTH_PROBES = Symbol('HEALTH_PROBES');
