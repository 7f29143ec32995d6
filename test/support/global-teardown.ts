import { dropStaleTestDatabases } from './database';

export default async function globalTeardown(): Promise<void> {
  const shared = globalThis as unknown as { __standIns?: Array<{ close(): Promise<void> }> };
  for (const standIn of shared.__standIns ?? []) await standIn.close();
  await dropStaleTestDatabases();
}
