export { uniqueName } from './names';
export { createTestDatabase, createTestPool, dropDatabase } from './database';
export type { TestDatabase } from './database';
export { freePort } from './ports';
export { descendantsOf, eventually, isAlive, REPO_ROOT, startProcess } from './child-process';
export type { RunningProcess } from './child-process';
export { startService } from './services';
export type { RunningService, ServiceName } from './services';
export { seededRandom, seededShuffle } from './shuffle';
export {
  committedTotal,
  eventuallyPasses,
  getJson,
  pipelineConfig,
  pipelineEnv,
  readMetric,
  serviceEnv,
  testEvents,
  TestEventProducer,
  topicEndTotal,
} from './pipeline';
// Pure fixtures also have their own module (`@test/support/event-factory`), so a unit spec
// can use them without loading the Postgres helpers above.
export { createEventFactory } from './event-factory';
export type { EventFactory, EventFactoryOptions, ResultInput } from './event-factory';
export { startRedisCluster } from './redis-cluster';
export type { RunningRedisCluster } from './redis-cluster';
// One SSE client for the tests and the bench (which cannot import test code).
export { SseClient } from '../../bench/src/harness/sse-client';
export type { SseEvent } from '../../bench/src/harness/sse-client';
export { npmStartEnv } from './stack-env';
export type { StackPorts } from './stack-env';
