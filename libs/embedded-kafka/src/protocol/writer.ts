const CHUNK = 16 * 1024;
/** Buffers at least this big are referenced, not copied (record batches in Fetch responses). */
const ZERO_COPY_MIN = 512;

/**
 * Big-endian response builder. Small fields go into a scratch chunk; large byte blobs are
 * kept by reference so a Fetch response of many MiB is written with writev, never copied.
 */
export class Writer {
  private readonly chunks: Buffer[] = [];
  private cur = Buffer.allocUnsafe(CHUNK);
  private pos = 0;
  private start = 0;
  private total = 0;

  get length(): number {
    return this.total;
  }

  private room(n: number): void {
    if (this.pos + n <= this.cur.length) return;
    this.flushScratch();
    this.cur = Buffer.allocUnsafe(Math.max(CHUNK, n));
    this.pos = 0;
    this.start = 0;
  }

  private flushScratch(): void {
    if (this.pos > this.start) this.chunks.push(this.cur.subarray(this.start, this.pos));
    this.start = this.pos;
  }

  int8(v: number): this {
    this.room(1);
    this.pos = this.cur.writeInt8(v, this.pos);
    this.total += 1;
    return this;
  }

  int16(v: number): this {
    this.room(2);
    this.pos = this.cur.writeInt16BE(v, this.pos);
    this.total += 2;
    return this;
  }

  int32(v: number): this {
    this.room(4);
    this.pos = this.cur.writeInt32BE(v, this.pos);
    this.total += 4;
    return this;
  }

  int64(v: number): this {
    this.room(8);
    this.pos = this.cur.writeBigInt64BE(BigInt(v), this.pos);
    this.total += 8;
    return this;
  }

  boolean(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }

  string(s: string | null): this {
    if (s === null) return this.int16(-1);
    const len = Buffer.byteLength(s);
    this.int16(len);
    this.room(len);
    this.pos += this.cur.write(s, this.pos, 'utf8');
    this.total += len;
    return this;
  }

  raw(buf: Buffer): this {
    if (buf.length >= ZERO_COPY_MIN) {
      this.flushScratch();
      this.chunks.push(buf);
    } else {
      this.room(buf.length);
      buf.copy(this.cur, this.pos);
      this.pos += buf.length;
    }
    this.total += buf.length;
    return this;
  }

  bytes(buf: Buffer | null): this {
    if (buf === null) return this.int32(-1);
    return this.int32(buf.length).raw(buf);
  }

  array<T>(items: readonly T[] | null, item: (w: Writer, v: T, index: number) => void): this {
    if (items === null) return this.int32(-1);
    this.int32(items.length);
    for (let i = 0; i < items.length; i++) item(this, items[i], i);
    return this;
  }

  int32Array(items: readonly number[]): this {
    return this.array(items, (w, v) => w.int32(v));
  }

  /** The written bytes as a list of buffers, in order (for socket writev). */
  toBuffers(): Buffer[] {
    this.flushScratch();
    return this.chunks;
  }
}
