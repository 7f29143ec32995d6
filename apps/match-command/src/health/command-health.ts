import type { DataSource } from 'typeorm';
import { healthCheck, type HealthProbes } from '@app/observability';

/**
 * The write API can do its job while Postgres answers: every command is a transaction.
 * Liveness has no check: a Postgres outage is not cured by restarting the process.
 */
export function commandHealthProbes(dataSource: DataSource): HealthProbes {
  const postgres = healthCheck('database', async () => {
    await dataSource.query('SELECT 1');
  });
  return { live: [], ready: [postgres], overall: [postgres] };
}
