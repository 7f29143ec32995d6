import type { Scenario } from './scenario';
import { writeScenario } from './write.scenario';

/** In the order `all` runs them. */
export const scenarios: Record<string, Scenario> = {
  write: writeScenario,
};
