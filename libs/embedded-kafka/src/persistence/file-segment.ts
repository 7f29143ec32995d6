import { fdatasyncSync, ftruncateSync, fstatSync, openSync, readSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { BATCH, BatchHeader, checkBatchIntegrity, readBatchHeader } from '../log/record-batch';
import { Segment } from '../log/segment';
import { Logger } from '../logger';
import { AppendOnlyFile } from './append-only-file';

/** Kafka's index.interval.bytes: one index entry per 4 KiB of log bounds memory per byte on disk. */
const INDEX_INTERVAL_BYTES = 4096;

interface Located {
  position: number;
  size: number;
  baseOffset: number;
  nextOffset: number;
  maxTimestamp: number;
}

export const segmentFileName = (baseOffset: number): string => `${String(baseOffset).padStart(20, '0')}.log`;

/**
 * A segment file `<baseOffset, 20 digits>.log`: batches back to back as served. Memory holds
 * only a sparse offset index (one entry per 4 KiB, like Kafka's `.index`), so a partition's
 * footprint is independent of its size; reads locate the batch through the index and
 * `pread` the bytes. Appends are synchronous writes (see AppendOnlyFile: kill -9 safe).
 */
export class FileSegment implements Segment {
  private readonly out: AppendOnlyFile;
  private readonly indexOffsets: number[] = [];
  private readonly indexPositions: number[] = [];
  private lastIndexed = -INDEX_INTERVAL_BYTES;
  private readonly header = Buffer.alloc(BATCH.HEADER_SIZE);
  nextOffset: number;
  size = 0;
  maxTimestamp = -1;
  readonly createdMs = Date.now();

  private constructor(
    readonly file: string,
    private fd: number,
    readonly baseOffset: number,
  ) {
    this.out = new AppendOnlyFile(fd);
    this.nextOffset = baseOffset;
  }

  static create(dir: string, baseOffset: number): FileSegment {
    const file = path.join(dir, segmentFileName(baseOffset));
    return new FileSegment(file, openSync(file, 'a+'), baseOffset);
  }

  /**
   * Opens an existing segment and rebuilds its sparse index from the batch headers. With
   * `verify` (the active segment, the only one a crash can have torn) every batch is read
   * and CRC-checked and a torn tail is truncated. `onBatch` sees each batch's header
   * (producer sequences are rebuilt from it).
   */
  static open(file: string, baseOffset: number, verify: boolean, logger: Logger, onBatch: (header: BatchHeader, baseOffset: number) => void): FileSegment {
    const segment = new FileSegment(file, openSync(file, 'a+'), baseOffset);
    segment.recover(verify, logger, onBatch);
    return segment;
  }

  private recover(verify: boolean, logger: Logger, onBatch: (header: BatchHeader, baseOffset: number) => void): void {
    const fileSize = fstatSync(this.fd).size;
    let pos = 0;
    let problem: string | null = null;
    while (pos < fileSize) {
      if (fileSize - pos < BATCH.HEADER_SIZE) {
        problem = `${fileSize - pos} trailing bytes`;
        break;
      }
      const h = this.headerAt(pos);
      if (h.size < BATCH.HEADER_SIZE || pos + h.size > fileSize) {
        problem = `batch at byte ${pos} claims ${h.size} bytes, ${fileSize - pos} left`;
        break;
      }
      if (h.baseOffset !== this.nextOffset) {
        problem = `offset ${h.baseOffset}, expected ${this.nextOffset}`;
        break;
      }
      if (verify) {
        const bytes = Buffer.allocUnsafe(h.size);
        readSync(this.fd, bytes, 0, h.size, pos);
        problem = checkBatchIntegrity(bytes);
        if (problem) break;
      }
      onBatch(readBatchHeader(this.header), h.baseOffset);
      this.indexed(h.baseOffset, pos, h.nextOffset, h.maxTimestamp, h.size);
      pos += h.size;
    }
    if (problem) {
      logger.warn({ file: this.file, keptBytes: pos, droppedBytes: fileSize - pos, problem }, 'truncating torn segment tail');
      ftruncateSync(this.fd, pos);
      fdatasyncSync(this.fd);
    }
  }

  append(batch: Buffer, baseOffset: number, nextOffset: number, maxTimestamp: number): void {
    this.out.append(batch);
    this.indexed(baseOffset, this.size, nextOffset, maxTimestamp, batch.length);
  }

  private indexed(baseOffset: number, position: number, nextOffset: number, maxTimestamp: number, size: number): void {
    if (position - this.lastIndexed >= INDEX_INTERVAL_BYTES) {
      this.indexOffsets.push(baseOffset);
      this.indexPositions.push(position);
      this.lastIndexed = position;
    }
    this.size = position + size;
    this.nextOffset = nextOffset;
    this.maxTimestamp = Math.max(this.maxTimestamp, maxTimestamp);
  }

  /** The batch at `position`, from its header only (61 bytes read). */
  private headerAt(position: number): Located {
    readSync(this.fd, this.header, 0, BATCH.HEADER_SIZE, position);
    const baseOffset = Number(this.header.readBigInt64BE(BATCH.BASE_OFFSET));
    return {
      position,
      size: this.header.readInt32BE(BATCH.LENGTH) + BATCH.LOG_OVERHEAD,
      baseOffset,
      nextOffset: baseOffset + this.header.readInt32BE(BATCH.LAST_OFFSET_DELTA) + 1,
      maxTimestamp: Number(this.header.readBigInt64BE(BATCH.MAX_TIMESTAMP)),
    };
  }

  /** The batch containing `offset` (or the first after it): index lookup, then a short header walk. */
  private locate(offset: number): Located | undefined {
    let lo = 0;
    let hi = this.indexOffsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.indexOffsets[mid] <= offset) lo = mid + 1;
      else hi = mid;
    }
    let pos = lo === 0 ? 0 : this.indexPositions[lo - 1];
    while (pos < this.size) {
      const h = this.headerAt(pos);
      if (h.nextOffset > offset) return h;
      pos += h.size;
    }
    return undefined;
  }

  read(offset: number, maxBytes: number): Buffer[] {
    const first = this.locate(offset);
    if (!first) return [];
    const sizes = [first.size];
    let end = first.position + first.size;
    while (end < this.size) {
      const h = this.headerAt(end);
      if (end + h.size - first.position > maxBytes) break;
      sizes.push(h.size);
      end += h.size;
    }
    const bytes = Buffer.allocUnsafe(end - first.position);
    readSync(this.fd, bytes, 0, bytes.length, first.position);
    const out: Buffer[] = [];
    let at = 0;
    for (const size of sizes) {
      out.push(bytes.subarray(at, at + size));
      at += size;
    }
    return out;
  }

  offsetForTimestamp(ts: number): { offset: number; timestamp: number } | undefined {
    if (this.maxTimestamp < ts) return undefined;
    for (let pos = 0; pos < this.size; ) {
      const h = this.headerAt(pos);
      if (h.maxTimestamp >= ts) return { offset: h.baseOffset, timestamp: h.maxTimestamp };
      pos += h.size;
    }
    return undefined;
  }

  sync(): Promise<void> {
    return this.out.sync();
  }

  close(): void {
    if (this.fd < 0) return;
    this.out.close();
    this.fd = -1;
  }

  remove(): void {
    this.close();
    unlinkSync(this.file);
  }
}
