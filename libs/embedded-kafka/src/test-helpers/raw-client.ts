import { connect, Socket } from 'node:net';
import { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';

/**
 * A bare Kafka-protocol socket for tests that must send what kafkajs never would
 * (duplicate batches, garbage frames). Requests are written by hand with the broker's own
 * Writer; responses are handed back as Readers positioned after the correlation id.
 */
export class RawClient {
  private buffered = Buffer.alloc(0);
  private readonly waiting: Array<(frame: Buffer) => void> = [];
  private correlationId = 1;
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 4 && this.buffered.length >= 4 + this.buffered.readInt32BE(0)) {
        const size = this.buffered.readInt32BE(0);
        const frame = this.buffered.subarray(4, 4 + size);
        this.buffered = this.buffered.subarray(4 + size);
        this.waiting.shift()?.(frame);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => (this.closed = true));
  }

  static async connect(broker: string): Promise<RawClient> {
    const [host, port] = broker.split(':');
    const socket = connect(Number(port), host);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new RawClient(socket);
  }

  /** Sends one request (header v1) and resolves with the response body. */
  request(apiKey: number, apiVersion: number, body: (w: Writer) => void): Promise<Reader> {
    const correlationId = this.correlationId++;
    const w = new Writer().int16(apiKey).int16(apiVersion).int32(correlationId).string('raw-client');
    body(w);
    const payload = Buffer.concat(w.toBuffers());
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length);
    this.socket.write(Buffer.concat([size, payload]));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no response to api ${apiKey} v${apiVersion}`)), 5000);
      this.waiting.push((frame) => {
        clearTimeout(timer);
        const r = new Reader(frame);
        const got = r.int32();
        if (got !== correlationId) reject(new Error(`correlation id ${got}, expected ${correlationId}`));
        resolve(r);
      });
    });
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Resolves true if the broker closes the socket within `ms`. */
  closedWithin(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
