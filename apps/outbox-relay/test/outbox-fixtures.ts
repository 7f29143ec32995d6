// The load generator the benchmark uses is also what the tests write with: one way to build
// valid envelopes and insert them the way a command does.
export { buildEnvelope, EventStream, insertOutboxEvents } from '../src/bench/outbox-load';
export type { TestEvent } from '../src/bench/outbox-load';
