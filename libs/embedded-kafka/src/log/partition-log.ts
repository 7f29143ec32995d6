import { ErrorCode } from '../protocol/error-codes';
import { ProducerSequences } from './producer-sequences';
import { BatchHeader, InvalidBatchError, splitAndValidateBatches, stampBatch } from './record-batch';
import { MemorySegment, Segment } from './segment';
import { TopicConfig } from './topic-config';

/** Leader epoch stamped into stored batches: one broker, never re-elected. */
const LEADER_EPOCH = 0;

export type AppendResult = { errorCode: 0; baseOffset: number } | { errorCode: number; baseOffset: -1 };

export interface ReadResult {
  batches: Buffer[];
  bytes: number;
}

/** Where a partition's segments live: memory, or a directory (persistence/partition-dir). */
export interface PartitionStorage {
  newSegment(baseOffset: number): Segment;
  saveLogStartOffset(offset: number): void;
}

export const MEMORY_STORAGE: PartitionStorage = { newSegment: (base) => new MemorySegment(base), saveLogStartOffset: () => undefined };

/**
 * One partition's log as a list of segments (the last one active). Segments roll at
 * segment.bytes / segment.ms and are deleted whole by retention (retention.ms against a
 * segment's newest record, retention.bytes against the partition's size) and by
 * DeleteRecords, which also moves the log start offset. With one replica the high
 * watermark is the next offset: acks=-1 is acks=1.
 */
export class PartitionLog {
  private readonly waiters = new Set<(closing: boolean) => void>();
  private readonly segments: Segment[];
  logStartOffset: number;

  constructor(
    private readonly storage: PartitionStorage,
    private readonly config: () => TopicConfig,
    restored?: { segments: Segment[]; logStartOffset: number },
    private readonly sequences = new ProducerSequences(),
  ) {
    this.segments = restored && restored.segments.length > 0 ? restored.segments : [storage.newSegment(restored?.logStartOffset ?? 0)];
    this.logStartOffset = Math.max(restored?.logStartOffset ?? 0, this.segments[0].baseOffset);
  }

  get highWatermark(): number {
    return this.active.nextOffset;
  }

  get sizeBytes(): number {
    return this.segments.reduce((n, s) => n + s.size, 0);
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  private get active(): Segment {
    return this.segments[this.segments.length - 1];
  }

  /** Opens stored segments, rebuilding producer sequences from every batch header on the way. */
  static restore(
    storage: PartitionStorage,
    config: () => TopicConfig,
    open: (onBatch: (header: BatchHeader, baseOffset: number) => void) => { segments: Segment[]; logStartOffset: number },
  ): PartitionLog {
    const sequences = new ProducerSequences();
    const restored = open((header, baseOffset) => sequences.record(header, baseOffset));
    return new PartitionLog(storage, config, restored, sequences);
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
      this.rollIfNeeded(owned.length);
      this.active.append(owned, baseOffset, baseOffset + header.lastOffsetDelta + 1, header.maxTimestamp);
      this.sequences.record(header, baseOffset);
      if (first < 0) first = baseOffset;
    }
    this.wakeWaiters();
    return { errorCode: 0, baseOffset: first };
  }

  private rollIfNeeded(incoming: number): void {
    const active = this.active;
    if (active.size === 0) return;
    const { 'segment.bytes': maxBytes, 'segment.ms': maxAge } = this.config();
    if (active.size + incoming > maxBytes || Date.now() - active.createdMs >= maxAge) this.roll();
  }

  private roll(): void {
    void this.active.sync(); // the background fsync only flushes the active segment
    this.segments.push(this.storage.newSegment(this.highWatermark));
  }

  /** The segment holding `offset`: the last one starting at or below it. */
  private segmentIndex(offset: number): number {
    let lo = 0;
    let hi = this.segments.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.segments[mid].baseOffset <= offset) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(0, lo - 1);
  }

  /** Batches from the one containing `offset`, up to `maxBytes` (the first batch always whole). */
  read(offset: number, maxBytes: number): ReadResult {
    const batches: Buffer[] = [];
    let bytes = 0;
    for (let i = this.segmentIndex(offset); i < this.segments.length; i++) {
      const got = this.segments[i].read(offset, batches.length === 0 ? maxBytes : maxBytes - bytes);
      if (batches.length > 0 && got.length > 0 && bytes + got[0].length > maxBytes) break;
      for (const b of got) {
        batches.push(b);
        bytes += b.length;
      }
      if (bytes >= maxBytes) break;
    }
    return { batches, bytes };
  }

  /** ListOffsets by time, at batch granularity: the first batch whose max timestamp reaches `ts`. */
  offsetForTimestamp(ts: number): { offset: number; timestamp: number } {
    for (const segment of this.segments) {
      const found = segment.offsetForTimestamp(ts);
      if (found) return { offset: Math.max(found.offset, this.logStartOffset), timestamp: found.timestamp };
    }
    return { offset: -1, timestamp: -1 };
  }

  /**
   * DeleteRecords: moves the log start offset to `offset` (-1 = the high watermark) and
   * deletes the segments wholly below it. Returns the new low watermark or an error.
   */
  deleteRecordsBefore(offset: number): { errorCode: number; lowWatermark: number } {
    const target = offset === -1 ? this.highWatermark : offset;
    if (target < 0 || target > this.highWatermark) return { errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, lowWatermark: -1 };
    if (target > this.logStartOffset) {
      this.logStartOffset = target;
      this.storage.saveLogStartOffset(target);
      if (this.active.nextOffset <= target && this.active.size > 0) this.roll();
      this.deleteOldest((s) => s.nextOffset <= this.logStartOffset);
    }
    return { errorCode: ErrorCode.NONE, lowWatermark: this.logStartOffset };
  }

  /** Deletes the segments retention.ms / retention.bytes no longer keep; never the active one. */
  enforceRetention(now: number): number {
    const { 'retention.ms': maxAge, 'retention.bytes': maxBytes } = this.config();
    let excess = maxBytes < 0 ? -1 : this.sizeBytes - maxBytes;
    const deleted = this.deleteOldest((s) => {
      const expired = maxAge >= 0 && s.maxTimestamp >= 0 && now - s.maxTimestamp > maxAge;
      const oversized = excess >= 0 && excess - s.size >= 0;
      if (!expired && !oversized) return false;
      if (excess >= 0) excess -= s.size;
      return true;
    });
    if (deleted > 0 && this.segments[0].baseOffset > this.logStartOffset) {
      this.logStartOffset = this.segments[0].baseOffset;
      this.storage.saveLogStartOffset(this.logStartOffset);
    }
    return deleted;
  }

  private deleteOldest(shouldDelete: (s: Segment) => boolean): number {
    let deleted = 0;
    while (this.segments.length > 1 && shouldDelete(this.segments[0])) {
      (this.segments.shift() as Segment).remove();
      deleted++;
    }
    return deleted;
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

  async sync(): Promise<void> {
    await this.active.sync();
  }

  /** Answers parked fetches first (they read the segments one last time), then closes the files. */
  close(): void {
    this.wakeWaiters(true);
    for (const s of this.segments) s.close();
  }
}
