import fs from 'node:fs';
import zlib from 'node:zlib';

/**
 * An append-only file of checksummed records: [u32 length][u32 crc32][JSON payload].
 * A crash can leave a torn last record; reading stops at the first record whose length
 * or checksum does not hold and truncates the file there, so the log stays appendable.
 */
export class RecordLog {
  private fd: number;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'a');
  }

  /** Written with write(2) before the request is acknowledged: it survives kill -9 (not power loss until fsync). */
  append(payload: unknown): void {
    const body = Buffer.from(JSON.stringify(payload), 'utf8');
    const frame = Buffer.allocUnsafe(8 + body.length);
    frame.writeUInt32LE(body.length, 0);
    frame.writeUInt32LE(zlib.crc32(body), 4);
    body.copy(frame, 8);
    fs.writeSync(this.fd, frame);
  }

  sync(): void {
    fs.fdatasyncSync(this.fd);
  }

  truncate(): void {
    fs.ftruncateSync(this.fd, 0);
    fs.fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  /** Every intact record in order; reports (and cuts off) a torn or corrupt tail. */
  static read(file: string, onTornTail: (validBytes: number, totalBytes: number) => void): unknown[] {
    if (!fs.existsSync(file)) return [];
    const data = fs.readFileSync(file);
    const records: unknown[] = [];
    let offset = 0;
    while (offset < data.length) {
      const record = decodeAt(data, offset);
      if (!record) break;
      records.push(record.value);
      offset = record.next;
    }
    if (offset < data.length) {
      onTornTail(offset, data.length);
      fs.truncateSync(file, offset);
    }
    return records;
  }
}

function decodeAt(data: Buffer, offset: number): { value: unknown; next: number } | undefined {
  if (offset + 8 > data.length) return undefined;
  const length = data.readUInt32LE(offset);
  const crc = data.readUInt32LE(offset + 4);
  const end = offset + 8 + length;
  if (end > data.length) return undefined;
  const body = data.subarray(offset + 8, end);
  if (zlib.crc32(body) !== crc) return undefined;
  try {
    return { value: JSON.parse(body.toString('utf8')), next: end };
  } catch {
    return undefined;
  }
}
