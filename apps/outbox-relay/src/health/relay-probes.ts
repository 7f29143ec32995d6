import { healthCheck, type HealthProbes } from '@app/observability';
import type { Component, RelayHealth } from './relay-health';

export interface RelayState {
  health: RelayHealth;
  role(): 'leader' | 'standby';
}

/**
 * Ready while Postgres and Kafka are reachable (what the relay monitor last saw, so a probe
 * never waits on a hung broker). A standby is ready too: standing by is its job. Liveness
 * has no check: restarting the relay does not bring a broker back.
 */
export function relayHealthProbes(state: RelayState): HealthProbes {
  const dependency = (component: Component) =>
    healthCheck(component, async () => {
      const problem = state.health.problem(component);
      if (problem) throw new Error(problem);
    });
  const relay = healthCheck('relay', async () => ({ role: state.role() }));
  const ready = [dependency('postgres'), dependency('kafka'), relay];
  return { live: [], ready, overall: ready };
}
