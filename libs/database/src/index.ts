export { createDatabaseIfMissing, dataSourceOptions, prepareDatabase } from './data-source';
export * from './entities';
export { migrations } from './migrations';
