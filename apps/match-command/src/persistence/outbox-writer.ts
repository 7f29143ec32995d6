import { Injectable } from '@nestjs/common';
import type { AnyEvent } from '@app/contracts';
import { currentTraceHeaders } from '@app/observability';
import type { Change, CommandResult } from '../domain/change';
import { Database, type Queryable, statement, type Statement } from './database';

/** An `INSERT ... ON CONFLICT DO NOTHING` (no RETURNING), its name, and its parameters `$1..$n`. */
export interface GuardedInsert {
  name: string;
  sql: string;
  params: readonly unknown[];
}

const OUTBOX_COLUMNS = 'event_id, division_id, event_type, schema_version, occurred_at, payload, headers';
/** Explicit types for INSERT ... SELECT, where Postgres cannot infer them from the columns. */
const OUTBOX_TYPES = ['uuid', 'text', 'text', 'int', 'timestamptz', 'text', 'jsonb'];
const APPEND_TO_OUTBOX = statement('outbox-append', `INSERT INTO outbox (${OUTBOX_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`);

/**
 * The one way commands write: a change and the event describing it are committed
 * together or not at all, so a change is never stored without its event nor an event
 * without its change.
 */
@Injectable()
export class OutboxWriter {
  /** The combined statement of each guarded insert, built once per name. */
  private readonly combined = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  /**
   * A single guarded insert and its event in one statement (hence one transaction and one
   * round-trip, the write path's hot case): the event row is written only if the insert
   * wrote a row. Returns false, writing nothing, when the insert hit its conflict target.
   */
  async insertWithEvent(insert: GuardedInsert, event: AnyEvent): Promise<boolean> {
    const rows = await this.db.query(this.combinedStatement(insert), [...insert.params, ...outboxValues(event)]);
    return rows.length === 1;
  }

  /**
   * `change` runs in a transaction (for commands that must lock and update); if it
   * reports an event, the event is appended in that same transaction. Any error rolls
   * back both.
   */
  recordChange<R>(change: (tx: Queryable) => Promise<Change<R>>): Promise<CommandResult<R>> {
    return this.db.transaction(async (tx) => {
      const outcome = await change(tx);
      if (outcome.kind === 'applied') await tx.query(APPEND_TO_OUTBOX, outboxValues(outcome.event));
      return { response: outcome.response, replayed: outcome.kind === 'replayed' };
    });
  }

  private combinedStatement(insert: GuardedInsert): Statement {
    let combined = this.combined.get(insert.name);
    if (!combined) {
      const offset = insert.params.length;
      const outboxParams = OUTBOX_TYPES.map((type, i) => `$${offset + i + 1}::${type}`);
      combined = statement(
        `${insert.name}+outbox`,
        `WITH change AS (${insert.sql} RETURNING 1)
         INSERT INTO outbox (${OUTBOX_COLUMNS}) SELECT ${outboxParams.join(', ')} FROM change RETURNING 1`,
      );
      this.combined.set(insert.name, combined);
    }
    return combined;
  }
}

function outboxValues(event: AnyEvent): unknown[] {
  return [
    event.eventId,
    event.divisionId,
    event.type,
    event.schemaVersion,
    event.occurredAt,
    // The exact bytes the relay publishes (the outbox payload column is text).
    JSON.stringify(event),
    // The request's trace context travels with the event: the relay puts it in the
    // Kafka headers so the trace continues into the projectors.
    JSON.stringify(currentTraceHeaders()),
  ];
}
