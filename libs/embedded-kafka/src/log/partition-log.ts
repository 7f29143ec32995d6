import { ErrorCode } from '../protocol/error-codes';
import { SegmentFile } from '../persistence/segment-file';
import { ProducerSequences } from './producer-sequences';
import { BATCH, InvalidBatchError, readBatchHeader, splitAndValidateBatches, stampBatch } from './record-batch';

interface StoredBatch {
  baseOffset: number;
  /** Offset after the batch's last record. */
  nextOffset: number;
  maxTimestamp: number;
  bytes: Buffer;
}

/** Leader epoch stamped into stored batches: one broker, never re-elected. */
const LEADER_EPOCH = 0;

export type AppendResult = { errorCode: 0; baseOffset: number } | { errorCode: number; baseOffset: -1 };

export interface ReadResult {
  batches: Buffer[];
  bytes: number;
}

/**
 * One partition's log: every batch kept in memory (and appended to its segment file when
 * the broker has a data dir). There is no retention, so the log start offset stays 0 and
 * the high watermark is simply the next offset: with one replica, acks=-1 is acks=1.
 */
export class PartitionLog {
  private readonly batches: StoredBatch[] = [];
  private readonly sequences = new ProducerSequences();
  private readonly waiters = new Set<(closing: boolean) => void>();
  readonly logStartOffset = 0;
  highWatermark = 0;

  constructor(private readonly segment?: SegmentFile) {}

  /** Rebuilds state from batches already on disk (validated by the segment reader). */
  restore(stored: Buffer[]): void {
    for (const bytes of stored) {
      const header = readBatchHeader(bytes);
      const baseOffset = Number(bytes.readBigInt64BE(BATCH.BASE_OFFSET));
      this.sequences.record(header, baseOffset);
      this.push(bytes, baseOffset, header.lastOffsetDelta, header.maxTimestamp);
    }
  }

  append(records: Buffer): AppendResult {
    let parsed;
    try {
      parsed = splitAndValidateBatches(records);
    } catch (error) {
      if (!(error instanceof InvalidBatchError)) throw error;
      const code = { corrupt: ErrorCode.CORRUPT_MESSAGE, compression: ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, transactional: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED }[error.kind];
      return { errorCode: code, baseOffset: -1 };
    }
    let first = -1;
    for (const { bytes, header } of parsed) {
      const verdict = this.sequences.check(header);
      if (verdict.kind === 'reject') return { errorCode: verdict.errorCode, baseOffset: -1 };
      if (verdict.kind === 'duplicate') {
        if (first < 0) first = verdict.baseOffset;
        continue;
      }
      // Copy: the request frame may share memory with unrelated bytes we must not retain.
      const owned = Buffer.from(bytes);
      const baseOffset = this.highWatermark;
      stampBatch(owned, baseOffset, LEADER_EPOCH);
      this.segment?.append(owned);
      this.sequences.record(header, baseOffset);
      this.push(owned, baseOffset, header.lastOffsetDelta, header.maxTimestamp);
      if (first < 0) first = baseOffset;
    }
    this.wakeWaiters();
    return { errorCode: 0, baseOffset: first };
  }

  private push(bytes: Buffer, baseOffset: number, lastOffsetDelta: number, maxTimestamp: number): void {
    const nextOffset = baseOffset + lastOffsetDelta + 1;
    this.batches.push({ baseOffset, nextOffset, maxTimestamp, bytes });
    this.highWatermark = nextOffset;
  }

  /**
   * Batches from the one containing `offset`, up to `maxBytes`, always including the first
   * whole batch: kafkajs drops partial batches, so a cut batch would stall the consumer.
   */
  read(offset: number, maxBytes: number): ReadResult {
    const out: Buffer[] = [];
    let bytes = 0;
    for (let i = this.indexOf(offset); i < this.batches.length; i++) {
      const batch = this.batches[i].bytes;
      if (out.length > 0 && bytes + batch.length > maxBytes) break;
      out.push(batch);
      bytes += batch.length;
    }
    return { batches: out, bytes };
  }

  /** Index of the first batch whose records reach past `offset` (binary search). */
  private indexOf(offset: number): number {
    let lo = 0;
    let hi = this.batches.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.batches[mid].nextOffset <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** ListOffsets by time, at batch granularity: the first batch whose max timestamp reaches `ts`. */
  offsetForTimestamp(ts: number): { offset: number; timestamp: number } {
    const batch = this.batches.find((b) => b.maxTimestamp >= ts);
    return batch ? { offset: batch.baseOffset, timestamp: batch.maxTimestamp } : { offset: -1, timestamp: -1 };
  }

  maxProducerId(): number {
    return this.sequences.maxProducerId();
  }

  /** Registers a callback for appends and for closing (long-polling Fetch); returns its canceller. */
  onAppend(wake: (closing: boolean) => void): () => void {
    this.waiters.add(wake);
    return () => this.waiters.delete(wake);
  }

  private wakeWaiters(closing = false): void {
    for (const wake of [...this.waiters]) wake(closing);
  }

  sync(): Promise<void> {
    return this.segment?.sync() ?? Promise.resolve();
  }

  close(): void {
    this.segment?.close();
    this.wakeWaiters(true);
  }
}
