/**
 * One segment of a partition log: batches with consecutive offsets from `baseOffset`, stored
 * exactly as served (offsets stamped). Retention deletes whole segments, as Kafka does.
 * Two implementations: in memory (no data dir) and on disk (FileSegment).
 */
export interface Segment {
  readonly baseOffset: number;
  /** Offset after the last record (= baseOffset while empty). */
  readonly nextOffset: number;
  /** Bytes held. */
  readonly size: number;
  /** Largest record timestamp, -1 while empty: what time retention compares. */
  readonly maxTimestamp: number;
  /** When the segment was opened (segment.ms rolls). */
  readonly createdMs: number;
  append(batch: Buffer, baseOffset: number, nextOffset: number, maxTimestamp: number): void;
  /**
   * Batches from the one containing `offset`, up to `maxBytes`, always including that first
   * whole batch: kafkajs drops partial batches, so a cut batch would stall the consumer.
   */
  read(offset: number, maxBytes: number): Buffer[];
  /** First batch whose max timestamp reaches `ts`. */
  offsetForTimestamp(ts: number): { offset: number; timestamp: number } | undefined;
  sync(): Promise<void>;
  close(): void;
  /** Closes and deletes the segment's storage. */
  remove(): void;
}

interface MemoryBatch {
  baseOffset: number;
  nextOffset: number;
  maxTimestamp: number;
  bytes: Buffer;
}

/** Index of the first entry whose records reach past `offset` (binary search on nextOffset). */
export function firstReaching(entries: ArrayLike<{ nextOffset: number }>, offset: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid].nextOffset <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The memory-only broker's segment: the batches themselves. */
export class MemorySegment implements Segment {
  private readonly batches: MemoryBatch[] = [];
  nextOffset: number;
  size = 0;
  maxTimestamp = -1;
  readonly createdMs = Date.now();

  constructor(readonly baseOffset: number) {
    this.nextOffset = baseOffset;
  }

  append(bytes: Buffer, baseOffset: number, nextOffset: number, maxTimestamp: number): void {
    this.batches.push({ baseOffset, nextOffset, maxTimestamp, bytes });
    this.nextOffset = nextOffset;
    this.size += bytes.length;
    this.maxTimestamp = Math.max(this.maxTimestamp, maxTimestamp);
  }

  read(offset: number, maxBytes: number): Buffer[] {
    const out: Buffer[] = [];
    let bytes = 0;
    for (let i = firstReaching(this.batches, offset); i < this.batches.length; i++) {
      const batch = this.batches[i].bytes;
      if (out.length > 0 && bytes + batch.length > maxBytes) break;
      out.push(batch);
      bytes += batch.length;
    }
    return out;
  }

  offsetForTimestamp(ts: number): { offset: number; timestamp: number } | undefined {
    const batch = this.batches.find((b) => b.maxTimestamp >= ts);
    return batch && { offset: batch.baseOffset, timestamp: batch.maxTimestamp };
  }

  sync(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {}

  remove(): void {
    this.batches.length = 0;
  }
}
