import { Logger } from '@nestjs/common';
import { Pool, type PoolClient, type QueryResultRow } from 'pg';

/**
 * A statement with a name: `pg` prepares it once per connection and afterwards sends only
 * its parameters (no parse or plan per request). The text of a name must never change.
 */
export interface Statement {
  name: string;
  text: string;
}

export const statement = (name: string, text: string): Statement => ({ name, text });

/** What a command may run: on the pool, or inside the transaction of `Database.transaction`. */
export interface Queryable {
  query<Row extends QueryResultRow>(statement: Statement, values: readonly unknown[]): Promise<Row[]>;
}

/**
 * The write side's one Postgres pool (plain `pg`; TypeORM only runs the migrations), with
 * named prepared statements for every query a command runs.
 */
export class Database implements Queryable {
  private readonly logger = new Logger('Database');

  constructor(private readonly pool: Pool) {
    // An idle connection killed by Postgres (restart, pg_terminate_backend) must not crash
    // the process; the pool replaces it on the next checkout.
    pool.on('error', (error) => this.logger.warn(`idle Postgres connection lost: ${error.message}`));
  }

  /**
   * Generic plans are forced: every statement here is named and looks rows up by key (or by
   * keys given as arrays). Left to choose, Postgres plans a statement whose parameters are
   * arrays afresh on every execution, because its generic plan's guess of the array sizes
   * looks costlier than a plan for one element; for the result batch that re-planning cost
   * about as much Postgres CPU as running it.
   */
  static connect(url: string, size: number): Database {
    return new Database(
      new Pool({
        connectionString: url,
        max: size,
        application_name: 'match-command',
        options: '-c plan_cache_mode=force_generic_plan',
      }),
    );
  }

  async query<Row extends QueryResultRow>(statement: Statement, values: readonly unknown[]): Promise<Row[]> {
    const result = await this.pool.query<Row>({ name: statement.name, text: statement.text, values: values as unknown[] });
    return result.rows;
  }

  /** Runs `work` in one transaction on one connection: committed if it returns, rolled back if it throws. */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(transactionOn(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      // A connection whose rollback failed is in an unknown state: discard it.
      client.release(broken);
    }
  }

  /** For /health: Postgres answers a trivial query within `timeoutMs`. */
  async ping(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.pool.query('SELECT 1'), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

function transactionOn(client: PoolClient): Queryable {
  return {
    async query<Row extends QueryResultRow>(statement: Statement, values: readonly unknown[]) {
      const result = await client.query<Row>({ name: statement.name, text: statement.text, values: values as unknown[] });
      return result.rows;
    },
  };
}
