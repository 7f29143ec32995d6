export { uniqueName } from './names';
export { createTestDatabase, dropDatabase } from './database';
export type { TestDatabase } from './database';
