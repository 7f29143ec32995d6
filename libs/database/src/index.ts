export { createDatabaseIfMissing, dataSourceOptions, prepareDatabase } from './data-source';
export { migrations } from './migrations';
export { EXACT_COUNT_LIMIT, readOutboxBacklog } from './outbox-backlog';
export type { OutboxBacklog } from './outbox-backlog';
export { OUTBOX_DOORBELL_CHANNEL } from './outbox-doorbell';
