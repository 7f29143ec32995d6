import type { Pool } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResultTable } from '../report/table';

export const HARNESS_APPLICATION_NAME = 'rankings-bench-harness';

/**
 * A Postgres-side profile of the services under test: samples pg_stat_activity for the
 * run's database every few milliseconds and counts what the services' sessions were doing
 * (running which statement, waiting on what, idle in a transaction). The harness's own
 * sessions are left out by their application_name.
 */
export class PgActivitySampler {
  private readonly counts = new Map<string, number>();
  private samples = 0;
  private stopped = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly database: string,
    private readonly intervalMs = 10,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<ResultTable> {
    this.stopped = true;
    await this.loop;
    return this.table();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const { rows } = await this.pool.query<{ state: string | null; wait: string | null; query: string }>(
        `SELECT state, wait_event_type || ':' || wait_event AS wait, regexp_replace(left(query, 200), '\\s+', ' ', 'g') AS query
           FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name <> $2 AND backend_type = 'client backend'`,
        [this.database, HARNESS_APPLICATION_NAME],
      );
      this.samples++;
      for (const row of rows) {
        const what =
          row.state === 'active'
            ? `active: ${statementOf(row.query)}${row.wait ? ` (waiting ${row.wait})` : ''}`
            : (row.state ?? 'unknown');
        this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
      }
      await sleep(this.intervalMs);
    }
  }

  private table(): ResultTable {
    const busy = [...this.counts].filter(([what]) => what !== 'idle').sort((a, b) => b[1] - a[1]);
    return {
      title: `Postgres sessions of the services, sampled every ${this.intervalMs} ms (${this.samples} samples; "sessions" = average number in that state)`,
      columns: ['state / statement', 'sessions'],
      rows: busy.slice(0, 10).map(([what, n]) => [what, this.samples > 0 ? n / this.samples : null]),
    };
  }
}

/** The first words of a statement, enough to recognise it. */
function statementOf(query: string): string {
  return query.trim().slice(0, 90);
}
