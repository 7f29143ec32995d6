import type { LoadedConfig } from '@app/config';
import { pipelineConfig } from '@test/support';
import { createProjectorApp, ProjectorApp } from '../src/app.factory';
import type { EngineTuning } from '../src/projection-engine';

/** Shared helpers for the projector's integration tests. */
export { committedTotal, eventuallyPasses as eventually, getJson, readMetric, testEvents, TestEventProducer, topicEndTotal } from '@test/support';

export function testConfig(overrides: Record<string, string> = {}): LoadedConfig {
  return pipelineConfig(overrides);
}

export function startProjectorApp(config: LoadedConfig, tuning: Partial<EngineTuning> = {}): Promise<ProjectorApp> {
  return createProjectorApp(config, { monitorIntervalMs: 200, breakerHalfOpenAfterMs: 500, ...tuning });
}
