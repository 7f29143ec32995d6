import { closeSync, existsSync, fdatasync, fdatasyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { BATCH, checkBatchIntegrity } from '../log/record-batch';
import { Logger } from '../logger';

/**
 * One append-only segment per partition: the stored batches back to back, exactly as
 * they are served (offsets already stamped). No index file: the log is replayed into
 * memory on start, which is what makes a torn tail cheap to detect and cut.
 */
export class SegmentFile {
  private dirty = false;

  private constructor(
    readonly path: string,
    private fd: number,
  ) {}

  /**
   * Opens (creating if needed) and replays the segment. The first batch that is cut
   * short, fails its CRC or breaks the offset sequence marks a torn write from a crash:
   * the file is truncated there and everything before it is kept.
   */
  static openAndRecover(path: string, logger: Logger): { segment: SegmentFile; batches: Buffer[] } {
    const data = existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
    const batches: Buffer[] = [];
    let pos = 0;
    let expectedOffset = 0;
    let problem: string | null = null;
    while (pos < data.length) {
      if (data.length - pos < BATCH.HEADER_SIZE) {
        problem = `${data.length - pos} trailing bytes`;
        break;
      }
      const size = data.readInt32BE(pos + BATCH.LENGTH) + BATCH.LOG_OVERHEAD;
      if (size < BATCH.HEADER_SIZE || pos + size > data.length) {
        problem = `batch at byte ${pos} claims ${size} bytes, ${data.length - pos} left`;
        break;
      }
      const batch = data.subarray(pos, pos + size);
      const baseOffset = Number(batch.readBigInt64BE(BATCH.BASE_OFFSET));
      problem = checkBatchIntegrity(batch) ?? (baseOffset !== expectedOffset ? `offset ${baseOffset}, expected ${expectedOffset}` : null);
      if (problem) break;
      batches.push(batch);
      expectedOffset = baseOffset + batch.readInt32BE(BATCH.LAST_OFFSET_DELTA) + 1;
      pos += size;
    }
    const fd = openSync(path, 'a+');
    if (problem) {
      logger.warn({ path, keptBytes: pos, droppedBytes: data.length - pos, problem }, 'truncating torn segment tail');
      ftruncateSync(fd, pos);
      fdatasyncSync(fd);
    }
    return { segment: new SegmentFile(path, fd), batches };
  }

  /**
   * Synchronous write: once this returns the bytes are in the OS page cache, so a killed
   * process (kill -9) loses nothing it acknowledged. fsync happens on an interval.
   */
  append(batch: Buffer): void {
    let written = 0;
    while (written < batch.length) written += writeSync(this.fd, batch, written, batch.length - written);
    this.dirty = true;
  }

  /** Flushes to disk if anything was written since the last flush (async, never blocks the loop). */
  sync(): Promise<void> {
    if (!this.dirty || this.fd < 0) return Promise.resolve();
    this.dirty = false;
    const fd = this.fd;
    return new Promise((resolve) => fdatasync(fd, () => resolve()));
  }

  close(): void {
    if (this.fd < 0) return;
    if (this.dirty) fdatasyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
  }
}
