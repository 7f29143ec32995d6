import type { LoadedConfig } from '@app/config';
import { pipelineConfig, RunningService, serviceEnv, startService } from '@test/support';
import { createQueryApp, QueryApp } from '../src/app.factory';
import type { MonitorTuning } from '../src/freshness/projection-monitors';

/** Shared helpers for the rankings-query integration tests: one place, not one per file. */
export { committedTotal, eventuallyPasses as eventually, getJson, readMetric, testEvents, TestEventProducer, topicEndTotal } from '@test/support';

/** A config with this test's own topic, alias and Redis prefix, on a free port. */
export function testConfig(overrides: Record<string, string> = {}): LoadedConfig {
  return pipelineConfig(overrides);
}

export interface QueryWithProjector extends QueryApp {
  /** The rankings-projector process filling this test's stores (compiled output: `npm run build` first). */
  projector: RunningService;
}

/** The read API in-process, fed by a rankings-projector process on the same topic, alias and prefix. */
export async function startQueryApp(config: LoadedConfig, tuning: Partial<MonitorTuning> = {}): Promise<QueryWithProjector> {
  const projector = await startService('rankings-projector', serviceEnv(config));
  const query = await createQueryApp(config, { monitorIntervalMs: 200, ...tuning }, { docsUi: false }).catch(async (error: unknown) => {
    await projector.stop(5000);
    throw error;
  });
  return {
    ...query,
    projector,
    close: async () => {
      await query.close();
      await projector.stop(10_000);
    },
  };
}
