import { ErrorCode } from '../protocol/error-codes';
import { BatchHeader } from './record-batch';

/** Kafka keeps the last five batches per producer: a client may have up to five in flight. */
const REMEMBERED_BATCHES = 5;

interface ProducerEntry {
  epoch: number;
  lastSequence: number;
  recent: Array<{ firstSequence: number; lastSequence: number; baseOffset: number }>;
}

export type SequenceVerdict =
  | { kind: 'append' }
  | { kind: 'duplicate'; baseOffset: number }
  | { kind: 'reject'; errorCode: number };

/**
 * Idempotent-producer bookkeeping for one partition: the last sequence per producer id.
 * A retried batch (same sequence range) is answered with its original offset instead of
 * being appended twice; a gap means a lost batch and is refused with 45 so the client
 * fails loudly rather than silently reordering.
 */
export class ProducerSequences {
  private readonly producers = new Map<number, ProducerEntry>();

  check(h: BatchHeader): SequenceVerdict {
    if (h.producerId < 0) return { kind: 'append' };
    const entry = this.producers.get(h.producerId);
    // Unknown producer (first batch, or state lost with a memory-only broker): accept.
    if (!entry || h.producerEpoch > entry.epoch) return { kind: 'append' };
    if (h.producerEpoch < entry.epoch) return { kind: 'reject', errorCode: ErrorCode.INVALID_PRODUCER_EPOCH };
    const last = h.baseSequence + h.recordCount - 1;
    const dup = entry.recent.find((b) => b.firstSequence === h.baseSequence && b.lastSequence === last);
    if (dup) return { kind: 'duplicate', baseOffset: dup.baseOffset };
    if (h.baseSequence !== entry.lastSequence + 1) return { kind: 'reject', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    return { kind: 'append' };
  }

  record(h: BatchHeader, baseOffset: number): void {
    if (h.producerId < 0) return;
    let entry = this.producers.get(h.producerId);
    if (!entry || h.producerEpoch > entry.epoch) {
      entry = { epoch: h.producerEpoch, lastSequence: -1, recent: [] };
      this.producers.set(h.producerId, entry);
    }
    const last = h.baseSequence + h.recordCount - 1;
    entry.lastSequence = last;
    entry.recent.push({ firstSequence: h.baseSequence, lastSequence: last, baseOffset });
    if (entry.recent.length > REMEMBERED_BATCHES) entry.recent.shift();
  }

  /** Highest producer id seen, so a restarted broker never hands out an id already in a log. */
  maxProducerId(): number {
    let max = -1;
    for (const id of this.producers.keys()) max = Math.max(max, id);
    return max;
  }
}
