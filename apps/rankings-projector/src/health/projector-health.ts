import type { HealthProbes } from '@app/observability';
import { freshnessCheck } from '@app/watermark';
import type { ProjectionEngine } from '../projection-engine';

/**
 * Live and ready while the process runs: a projector behind or with an open breaker is
 * still doing its job (catching up, probing the store), and a restart would not help.
 * `/health` names every projection past FRESHNESS_SLA_MS: stale data must be loud.
 */
export function projectorHealthProbes(engine: ProjectionEngine, slaMs: number): HealthProbes {
  return { live: [], ready: [], overall: engine.monitors.map((m) => freshnessCheck(m, slaMs)) };
}
