import type { LogPosition } from './log-position';

/** One outbox row, as the relay reads it. */
export interface OutboxRow {
  /** bigserial, kept as text: ids past 2^53 must not lose precision. */
  id: string;
  /** The writing transaction's id (xid8 as text): with `id`, the row's log position. */
  txid: string;
  eventId: string;
  divisionId: string;
  eventType: string;
  schemaVersion: number;
  occurredAt: Date;
  /**
   * The full CONTRACT §3 envelope as JSON text, published verbatim as the message value.
   * Kept as text: parsing and re-serialising every envelope cost a third of a batch.
   */
  payload: string;
  /** Trace context (text map) captured by the command that wrote the event. */
  headers: Record<string, string>;
  /** Start of the writing transaction: the lower bound of its commit time. */
  createdAt: Date;
}

export function positionOf(row: Pick<OutboxRow, 'txid' | 'id'>): LogPosition {
  return { txid: row.txid, id: row.id };
}
