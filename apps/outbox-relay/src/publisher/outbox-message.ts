import type { Message } from 'kafkajs';
import { EVENT_HEADERS } from '@app/contracts';
import type { OutboxRow } from '../outbox/outbox-row';

/**
 * The Kafka message for one outbox row (CONTRACT §3): key = divisionId so a division's
 * events share a partition and keep their order; value = the stored envelope verbatim;
 * headers = the event's identity plus its trace context.
 *
 * `traceHeaders` is the publish span's context when tracing is on; it overrides the stored
 * context so consumers continue from the publish span, which itself is a child of the
 * command's span. With tracing off it is empty and the stored context travels unchanged,
 * so the trace still links end to end.
 */
export function toKafkaMessage(row: OutboxRow, traceHeaders: Record<string, string> = {}): Message {
  return {
    key: row.divisionId,
    value: row.payload,
    headers: {
      ...row.headers,
      ...traceHeaders,
      [EVENT_HEADERS.eventId]: row.eventId,
      [EVENT_HEADERS.type]: row.eventType,
      [EVENT_HEADERS.schemaVersion]: String(row.schemaVersion),
    },
  };
}
