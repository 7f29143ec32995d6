import { existsSync, fdatasyncSync, ftruncateSync, openSync, readFileSync } from 'node:fs';
import { BATCH, checkBatchIntegrity } from '../log/record-batch';
import { Logger } from '../logger';
import { AppendOnlyFile } from './append-only-file';

/**
 * One append-only segment per partition: the stored batches back to back, exactly as
 * they are served (offsets already stamped). No index file: the log is replayed into
 * memory on start, which is what makes a torn tail cheap to detect and cut.
 */
export class SegmentFile {
  private readonly out: AppendOnlyFile;

  private constructor(
    readonly path: string,
    fd: number,
  ) {
    this.out = new AppendOnlyFile(fd);
  }

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
      problem =
        checkBatchIntegrity(batch) ?? (baseOffset !== expectedOffset ? `offset ${baseOffset}, expected ${expectedOffset}` : null);
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

  /** Synchronous: a killed process loses nothing acknowledged (see AppendOnlyFile). */
  append(batch: Buffer): void {
    this.out.append(batch);
  }

  sync(): Promise<void> {
    return this.out.sync();
  }

  close(): void {
    this.out.close();
  }
}
