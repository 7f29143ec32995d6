/** Thrown when a request body is shorter than its own fields claim, or otherwise malformed. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/**
 * Bounds-checked big-endian reader over one request body. Every read checks the remaining
 * length first, so a truncated or lying frame becomes a ProtocolError (the connection is
 * closed) instead of a RangeError deep in a handler or a huge allocation.
 */
export class Reader {
  private offset = 0;

  constructor(private readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  private need(n: number, what: string): number {
    if (n < 0 || this.offset + n > this.buf.length) {
      throw new ProtocolError(`truncated request: ${what} needs ${n} bytes at ${this.offset}, ${this.remaining} left`);
    }
    const at = this.offset;
    this.offset += n;
    return at;
  }

  int8(): number {
    return this.buf.readInt8(this.need(1, 'int8'));
  }

  int16(): number {
    return this.buf.readInt16BE(this.need(2, 'int16'));
  }

  int32(): number {
    return this.buf.readInt32BE(this.need(4, 'int32'));
  }

  /** Offsets, producer ids and timestamps all fit in 2^53 in practice; numbers keep the code simple. */
  int64(): number {
    return Number(this.buf.readBigInt64BE(this.need(8, 'int64')));
  }

  boolean(): boolean {
    return this.int8() !== 0;
  }

  nullableString(): string | null {
    const len = this.int16();
    if (len < 0) return null;
    const at = this.need(len, 'string');
    return this.buf.toString('utf8', at, at + len);
  }

  string(): string {
    const s = this.nullableString();
    if (s === null) throw new ProtocolError('unexpected null string');
    return s;
  }

  /** A view into the request buffer (no copy): callers that keep it must copy. */
  nullableBytes(): Buffer | null {
    const len = this.int32();
    if (len < 0) return null;
    const at = this.need(len, 'bytes');
    return this.buf.subarray(at, at + len);
  }

  bytes(): Buffer {
    return this.nullableBytes() ?? Buffer.alloc(0);
  }

  nullableArray<T>(item: (r: Reader) => T): T[] | null {
    const count = this.int32();
    if (count < 0) return null;
    // Every element takes at least one byte, so a count above the bytes left is a lie:
    // refuse it before looping (or allocating) count times.
    if (count > this.remaining) throw new ProtocolError(`array count ${count} exceeds ${this.remaining} bytes left`);
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(item(this));
    return out;
  }

  array<T>(item: (r: Reader) => T): T[] {
    return this.nullableArray(item) ?? [];
  }
}
