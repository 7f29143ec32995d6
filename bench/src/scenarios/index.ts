import type { Scenario } from './scenario';
import { catchupScenario } from './catchup.scenario';
import { freshnessScenario } from './freshness.scenario';
import { readScenario } from './read.scenario';
import { rebuildScenario } from './rebuild.scenario';
import { relayScenario } from './relay.scenario';
import { sseScenario } from './sse.scenario';
import { writeScenario } from './write.scenario';

/** In the order `all` runs them. */
export const scenarios: Record<string, Scenario> = {
  write: writeScenario,
  relay: relayScenario,
  freshness: freshnessScenario,
  catchup: catchupScenario,
  read: readScenario,
  rebuild: rebuildScenario,
  sse: sseScenario,
};
