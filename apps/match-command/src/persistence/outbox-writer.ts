import { Injectable } from '@nestjs/common';
import type { AnyEvent } from '@app/contracts';
import { currentTraceHeaders } from '@app/observability';
import type { Change, CommandResult } from '../domain/change';
import type { QueryResultRow } from 'pg';
import { Database, type Queryable, statement, type Statement } from './database';
import { OutboxDoorbell } from './outbox-doorbell';

/** An `INSERT ... ON CONFLICT DO NOTHING` (no RETURNING), its name, and its parameters `$1..$n`. */
export interface GuardedInsert {
  name: string;
  sql: string;
  params: readonly unknown[];
}

/**
 * A guarded multi-row insert (`INSERT ... SELECT ... ON CONFLICT DO NOTHING`) whose `sql`
 * returns the key of every row it wrote as `RETURNING ... AS key` (text).
 */
export interface GuardedBatchInsert extends GuardedInsert {
  /** Common table expressions (`name AS (...)`, comma-separated) the insert and `stored` read. */
  with?: string;
  /** Where the events' `storedValue` placeholders are filled from. */
  stored?: StoredValues;
}

/**
 * Values of the events that only the statement itself reads (a stored row's columns), so
 * that deciding, writing and appending the event take one round trip: `from` is a relation
 * of `with` with a text `key` column (the event's key) and the `columns` the events name
 * with `storedValue(column)`, in their payload or as their `divisionId`.
 */
export interface StoredValues {
  from: string;
  columns: readonly string[];
}

/** A guarded batch insert with its own answer: `select` may read `change` (the rows written) and `with`. */
export interface GuardedBatchStatement extends GuardedBatchInsert {
  select: string;
}

/**
 * Stands in an event for the value of `column` of `StoredValues.from`, filled in by the
 * statement that appends it. U+0001 cannot reach an event from a request (ids are slugs
 * and UUIDs) and, unlike NUL, Postgres text can hold it; JSON.stringify writes it as
 * `\u0001`, which is what the statement replaces in the payload.
 */
export const storedValue = (column: string): string => `\u0001${column}`;

/** An event to append if the row with `key` was written; `headers` captured in the request's own context. */
export interface KeyedEvent {
  key: string;
  event: AnyEvent;
  headers: Record<string, string>;
}

const OUTBOX_COLUMNS = 'event_id, division_id, event_type, schema_version, occurred_at, payload, headers';
/** Explicit types for INSERT ... SELECT, where Postgres cannot infer them from the columns. */
const OUTBOX_TYPES = ['uuid', 'text', 'text', 'int', 'timestamptz', 'text', 'jsonb'];
const APPEND_TO_OUTBOX = statement('outbox-append', `INSERT INTO outbox (${OUTBOX_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`);

/**
 * The one way commands write: a change and the event describing it are committed
 * together or not at all, so a change is never stored without its event nor an event
 * without its change. After a commit that appended events it rings the relay's doorbell
 * (OutboxDoorbell), outside the transaction and without waiting for it.
 */
@Injectable()
export class OutboxWriter {
  /** The combined statement of each guarded insert, built once per name. */
  private readonly combined = new Map<string, Statement>();

  private readonly doorbell: OutboxDoorbell;

  constructor(private readonly db: Database) {
    this.doorbell = new OutboxDoorbell(db);
  }

  /**
   * A single guarded insert and its event in one statement (hence one transaction and one
   * round-trip, the write path's hot case): the event row is written only if the insert
   * wrote a row. Returns false, writing nothing, when the insert hit its conflict target.
   */
  async insertWithEvent(insert: GuardedInsert, event: AnyEvent): Promise<boolean> {
    const rows = await this.db.query(this.combinedStatement(insert), [...insert.params, ...outboxValues(event)]);
    if (rows.length === 1) this.doorbell.ring();
    return rows.length === 1;
  }

  /**
   * Many guarded inserts and their events in one statement (one transaction, one commit and
   * one WAL flush for all of them): an event is written only if the row with its key was.
   * Events are appended in the order given, so the outbox's `(txid, id)` order is that
   * order. Returns the keys written; a key absent was a conflict and wrote nothing.
   */
  async insertAllWithEvents(insert: GuardedBatchInsert, events: readonly KeyedEvent[]): Promise<Set<string>> {
    const rows = await this.insertAllWithEventsAnswering<{ key: string }>({ ...insert, select: 'SELECT key FROM change' }, events);
    return new Set(rows.map((row) => row.key));
  }

  /**
   * As `insertAllWithEvents`, answering the statement's own `select` instead of the keys:
   * a command that reads its state in `with`, inserts what that state allows, and answers
   * from the state read, all in one statement (one round trip, one commit).
   */
  async insertAllWithEventsAnswering<Row extends QueryResultRow>(
    insert: GuardedBatchStatement,
    events: readonly KeyedEvent[],
  ): Promise<Row[]> {
    const rows = await this.db.query<Row>(this.batchStatement(insert), [...insert.params, ...outboxColumns(events)]);
    // The answer does not say how many events were appended; a ring that finds nothing costs the relay one read.
    if (events.length > 0) this.doorbell.ring();
    return rows;
  }

  /**
   * `change` runs in a transaction (for commands that must lock and update); if it
   * reports an event, the event is appended in that same transaction. Any error rolls
   * back both.
   */
  async recordChange<R>(change: (tx: Queryable) => Promise<Change<R>>): Promise<CommandResult<R>> {
    let appended = false;
    const result = await this.db.transaction(async (tx) => {
      const outcome = await change(tx);
      if (outcome.kind === 'applied') await tx.query(APPEND_TO_OUTBOX, outboxValues(outcome.event));
      appended = outcome.kind === 'applied';
      return { response: outcome.response, replayed: outcome.kind === 'replayed' };
    });
    if (appended) this.doorbell.ring();
    return result;
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

  private batchStatement(insert: GuardedBatchStatement): Statement {
    let combined = this.combined.get(insert.name);
    if (!combined) {
      // One array parameter per outbox column (after the key), typed like the single-row statement's.
      const arrays = ['text', ...OUTBOX_TYPES].map((type, i) => `$${insert.params.length + i + 1}::${type}[]`);
      const { divisionId, payload, join } = storedFill(insert.stored);
      combined = statement(
        `${insert.name}+outbox`,
        `WITH ${insert.with ? `${insert.with},` : ''}
         change AS (${insert.sql}),
         appended AS (
           INSERT INTO outbox (${OUTBOX_COLUMNS})
           SELECT e.event_id, ${divisionId}, e.event_type, e.schema_version, e.occurred_at, ${payload}, e.headers
             FROM unnest(${arrays.join(', ')})
                  WITH ORDINALITY AS e(key, event_id, division_id, event_type, schema_version, occurred_at, payload, headers, position)
                  ${join}
            WHERE e.key IN (SELECT key FROM change)
            ORDER BY e.position
           RETURNING 1)
         ${insert.select}`,
      );
      this.combined.set(insert.name, combined);
    }
    return combined;
  }
}

/**
 * The outbox's division and payload expressions with the `storedValue` placeholders filled
 * from `stored.from`. A LEFT JOIN on purpose: an event with no stored row gets a NULL
 * division, which the outbox refuses, failing the whole statement rather than writing a
 * change without its event.
 */
function storedFill(stored: StoredValues | undefined): { divisionId: string; payload: string; join: string } {
  if (!stored) return { divisionId: 'e.division_id', payload: 'e.payload', join: '' };
  const divisionId = `CASE e.division_id ${stored.columns
    .map((column) => `WHEN chr(1) || '${column}' THEN f.${column}`)
    .join(' ')} ELSE e.division_id END`;
  const payload = stored.columns.reduce(
    (text, column) => `replace(${text}, '"\\u0001${column}"', to_json(f.${column})::text)`,
    'e.payload',
  );
  return { divisionId, payload, join: `LEFT JOIN ${stored.from} f ON f.key = e.key` };
}

/** The outbox values of many events as one array per column (for `unnest`), keys first. */
function outboxColumns(events: readonly KeyedEvent[]): unknown[][] {
  const columns: unknown[][] = [[], [], [], [], [], [], [], []];
  for (const { key, event, headers } of events) {
    const values = [key, ...outboxValues(event, headers)];
    values.forEach((value, i) => columns[i].push(value));
  }
  return columns;
}

function outboxValues(event: AnyEvent, headers: Record<string, string> = currentTraceHeaders()): unknown[] {
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
    JSON.stringify(headers),
  ];
}
