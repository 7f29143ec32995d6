import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import type { AnyEvent } from '@app/contracts';
import { currentTraceHeaders } from '@app/observability';

/** The statements a command may run inside its transaction. */
export interface Tx {
  query<Row>(sql: string, params?: readonly unknown[]): Promise<{ rows: Row[]; rowCount: number }>;
}

/**
 * What a command decided: either it changed state and there is an event describing the
 * change, or it was an idempotent replay that changes nothing and answers as before.
 */
export type Change<R> = { kind: 'applied'; event: AnyEvent; response: R } | { kind: 'replayed'; response: R };

export const applied = <R>(event: AnyEvent, response: R): Change<R> => ({ kind: 'applied', event, response });
export const replayed = <R>(response: R): Change<R> => ({ kind: 'replayed', response });

export interface CommandResult<R> {
  response: R;
  /** True when nothing was written: the request repeated one already applied. */
  replayed: boolean;
}

/** An `INSERT ... ON CONFLICT DO NOTHING` (no RETURNING) and its parameters, `$1..$n`. */
export interface GuardedInsert {
  sql: string;
  params: readonly unknown[];
}

/**
 * The one way commands write: a change and the event describing it are committed
 * together or not at all, so a change is never stored without its event nor an event
 * without its change.
 */
@Injectable()
export class OutboxWriter {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * A single guarded insert and its event in one statement (hence one transaction and one
   * round-trip, the write path's hot case): the event row is written only if the insert
   * wrote a row. Returns false, writing nothing, when the insert hit its conflict target.
   */
  async insertWithEvent(insert: GuardedInsert, event: AnyEvent): Promise<boolean> {
    const offset = insert.params.length;
    const outboxParams = OUTBOX_TYPES.map((type, i) => `$${offset + i + 1}::${type}`);
    const rows: unknown[] = await this.dataSource.query(
      `WITH change AS (${insert.sql} RETURNING 1)
       INSERT INTO outbox (${OUTBOX_COLUMNS}) SELECT ${outboxParams.join(', ')} FROM change RETURNING 1`,
      [...insert.params, ...outboxValues(event)],
    );
    return rows.length === 1;
  }

  /**
   * `change` runs in a transaction (for commands that must lock and update); if it
   * reports an event, the event is appended in that same transaction. Any error rolls
   * back both.
   */
  async recordChange<R>(change: (tx: Tx) => Promise<Change<R>>): Promise<CommandResult<R>> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      const outcome = await change(transactionOf(runner));
      if (outcome.kind === 'applied') await appendToOutbox(runner, outcome.event);
      await runner.commitTransaction();
      return { response: outcome.response, replayed: outcome.kind === 'replayed' };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }
}

function transactionOf(runner: QueryRunner): Tx {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await runner.query(sql, params as unknown[], true);
      return { rows: (result.records ?? []) as Row[], rowCount: result.affected ?? 0 };
    },
  };
}

async function appendToOutbox(runner: QueryRunner, event: AnyEvent): Promise<void> {
  await runner.query(`INSERT INTO outbox (${OUTBOX_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, outboxValues(event));
}

const OUTBOX_COLUMNS = 'event_id, division_id, event_type, schema_version, occurred_at, payload, headers';
/** Explicit types for INSERT ... SELECT, where Postgres cannot infer them from the columns. */
const OUTBOX_TYPES = ['uuid', 'text', 'text', 'int', 'timestamptz', 'text', 'jsonb'];

function outboxValues(event: AnyEvent): unknown[] {
  return [
    event.eventId,
    event.divisionId,
    event.type,
    event.schemaVersion,
    event.occurredAt,
    JSON.stringify(event),
    // The request's trace context travels with the event: the relay puts it in the
    // Kafka headers so the trace continues into the projectors.
    JSON.stringify(currentTraceHeaders()),
  ];
}
