import type { KafkaMessage } from 'kafkajs';
import { parseEvent } from '@app/contracts';
import type { BatchSource, ProjectionBatch } from './projection-store';

export interface DeadLetter {
  message: KafkaMessage;
  reason: string;
}

export interface ReadBatch extends ProjectionBatch {
  deadLetters: DeadLetter[];
  /** Well-formed events this consumer does not apply (unknown type, newer version). */
  ignored: Array<{ eventId: string; type: string; reason: string }>;
  /** Oldest occurredAt (ms) among well-formed events: how long the oldest of them has waited. */
  oldestOccurredAt: number | null;
}

/** Sorts a batch of messages into events to apply, events to skip and dead letters. */
export function readBatch(messages: KafkaMessage[], source?: BatchSource): ReadBatch {
  const out: ReadBatch = { events: [], eventIds: [], applied: [], newestOccurredAt: null, oldestOccurredAt: null, deadLetters: [], ignored: [], source };
  for (const message of messages) {
    const parsed = parseEvent(message.value);
    if (parsed.kind === 'invalid') {
      out.deadLetters.push({ message, reason: parsed.reason });
      continue;
    }
    const eventId = parsed.kind === 'event' ? parsed.event.eventId : parsed.eventId;
    out.eventIds.push(eventId);
    const divisionId = parsed.kind === 'event' ? parsed.event.divisionId : envelopeOf(message)?.divisionId;
    if (divisionId) out.applied.push({ eventId, divisionId });
    // A skipped event still moves the watermark: the source counts it as published, and a
    // projection that has handled everything up to it is not behind.
    const occurredAt = parsed.kind === 'event' ? Date.parse(parsed.event.occurredAt) : occurredAtOf(envelopeOf(message));
    if (occurredAt !== null && (out.newestOccurredAt === null || occurredAt > out.newestOccurredAt)) out.newestOccurredAt = occurredAt;
    if (occurredAt !== null && (out.oldestOccurredAt === null || occurredAt < out.oldestOccurredAt)) out.oldestOccurredAt = occurredAt;
    if (parsed.kind === 'event') out.events.push(parsed.event);
    else out.ignored.push({ eventId, type: parsed.type, reason: parsed.reason });
  }
  return out;
}

/** parseEvent already validated the envelope of an ignored event, occurredAt and divisionId included. */
function envelopeOf(message: KafkaMessage): { occurredAt: string; divisionId: string } | null {
  try {
    return JSON.parse(message.value?.toString('utf8') ?? '') as { occurredAt: string; divisionId: string };
  } catch {
    return null;
  }
}

function occurredAtOf(envelope: { occurredAt: string } | null): number | null {
  const at = envelope ? Date.parse(envelope.occurredAt) : NaN;
  return Number.isNaN(at) ? null : at;
}
