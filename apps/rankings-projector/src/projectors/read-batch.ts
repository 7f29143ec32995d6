import type { KafkaMessage } from 'kafkajs';
import { parseEvent } from '@app/contracts';
import type { ProjectionBatch } from './projection-store';

export interface DeadLetter {
  message: KafkaMessage;
  reason: string;
}

export interface ReadBatch extends ProjectionBatch {
  deadLetters: DeadLetter[];
  /** Well-formed events this consumer does not apply (unknown type, newer version). */
  ignored: Array<{ eventId: string; type: string; reason: string }>;
}

/** Sorts a batch of messages into events to apply, events to skip and dead letters. */
export function readBatch(messages: KafkaMessage[]): ReadBatch {
  const out: ReadBatch = { events: [], eventIds: [], newestOccurredAt: null, deadLetters: [], ignored: [] };
  for (const message of messages) {
    const parsed = parseEvent(message.value);
    if (parsed.kind === 'invalid') {
      out.deadLetters.push({ message, reason: parsed.reason });
      continue;
    }
    const eventId = parsed.kind === 'event' ? parsed.event.eventId : parsed.eventId;
    out.eventIds.push(eventId);
    // A skipped event still moves the watermark: the source counts it as published, and a
    // projection that has handled everything up to it is not behind.
    const occurredAt = parsed.kind === 'event' ? Date.parse(parsed.event.occurredAt) : occurredAtOf(message);
    if (occurredAt !== null && (out.newestOccurredAt === null || occurredAt > out.newestOccurredAt)) out.newestOccurredAt = occurredAt;
    if (parsed.kind === 'event') out.events.push(parsed.event);
    else out.ignored.push({ eventId, type: parsed.type, reason: parsed.reason });
  }
  return out;
}

/** parseEvent already validated the envelope of an ignored event, occurredAt included. */
function occurredAtOf(message: KafkaMessage): number | null {
  try {
    const at = Date.parse((JSON.parse(message.value?.toString('utf8') ?? '') as { occurredAt: string }).occurredAt);
    return Number.isNaN(at) ? null : at;
  } catch {
    return null;
  }
}
