import { healthCheck, type HealthProbes } from '@app/observability';
import type { Database } from '../persistence/database';

/**
 * The write API can do its job while Postgres answers: every command is a transaction.
 * Liveness has no check: a Postgres outage is not cured by restarting the process.
 */
export function commandHealthProbes(db: Database): HealthProbes {
  const postgres = healthCheck('database', async () => {
    await db.ping(1000);
  });
  return { live: [], ready: [postgres], overall: [postgres] };
}
