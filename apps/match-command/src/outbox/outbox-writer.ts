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

/**
 * The one way commands write. `change` runs in a transaction; if it reports an event,
 * the event is appended to the outbox in that same transaction, so a change is never
 * committed without its event nor an event without its change. Any error rolls back both.
 */
@Injectable()
export class OutboxWriter {
  constructor(private readonly dataSource: DataSource) {}

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
  await runner.query(
    `INSERT INTO outbox (event_id, division_id, event_type, schema_version, occurred_at, payload, headers)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      event.eventId,
      event.divisionId,
      event.type,
      event.schemaVersion,
      event.occurredAt,
      JSON.stringify(event),
      // The request's trace context travels with the event: the relay puts it in the
      // Kafka headers so the trace continues into the projectors.
      JSON.stringify(currentTraceHeaders()),
    ],
  );
}
