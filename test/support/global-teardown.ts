import { dropStaleTestDatabases } from './database';
import type { StandIn } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const shared = globalThis as unknown as { __standIns?: StandIn[] };
  await Promise.all((shared.__standIns ?? []).map((standIn) => standIn.close()));
  await dropStaleTestDatabases();
}
