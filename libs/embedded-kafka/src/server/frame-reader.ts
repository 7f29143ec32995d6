import { ProtocolError } from '../protocol/reader';

/**
 * Reassembles size-prefixed frames from socket chunks without quadratic copying: chunks
 * are queued and joined only when a frame is complete. A size that is negative, too small
 * for a request header, or above the cap is refused before any of it is buffered.
 */
export class FrameReader {
  private readonly chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** Feeds a chunk; returns every complete frame payload (without the size prefix). */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    while (this.buffered >= 4) {
      const size = this.peekSize();
      // 10 = apiKey + apiVersion + correlationId + clientId length: the smallest header.
      if (size < 10 || size > this.maxFrameBytes) throw new ProtocolError(`frame size ${size} outside [10, ${this.maxFrameBytes}]`);
      if (this.buffered < 4 + size) break;
      frames.push(this.take(4 + size).subarray(4));
    }
    return frames;
  }

  private peekSize(): number {
    if (this.chunks[0].length < 4) {
      const joined = Buffer.concat(this.chunks);
      this.chunks.length = 0;
      this.chunks.push(joined);
    }
    return this.chunks[0].readInt32BE(0);
  }

  private take(n: number): Buffer {
    const head = this.chunks[0];
    this.buffered -= n;
    if (head.length >= n) {
      if (head.length === n) this.chunks.shift();
      else this.chunks[0] = head.subarray(n);
      return head.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0];
      const part = Math.min(c.length, n - filled);
      c.copy(out, filled, 0, part);
      filled += part;
      if (part === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(part);
    }
    return out;
  }
}
