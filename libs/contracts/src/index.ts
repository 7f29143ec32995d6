export * from './event-types';
export * from './envelope';
export { parseEvent } from './parse-event';
export type { ParsedMessage, SchemaTable } from './parse-event';
export { upcasters } from './upcasters';
export type { Upcaster, Upcasters } from './upcasters';
