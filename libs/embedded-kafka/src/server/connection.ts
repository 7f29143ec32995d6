import { Socket } from 'node:net';
import { Broker } from '../broker';
import { Logger } from '../logger';
import { ProtocolError } from '../protocol/reader';
import { ConnectionInfo, dispatch } from './dispatch';
import { FrameReader } from './frame-reader';

interface Slot {
  done: boolean;
  response: Buffer[] | null;
}

/**
 * One client socket. kafkajs pipelines requests and some answers wait (Fetch long-poll,
 * JoinGroup), so each request takes a slot in arrival order and responses are written
 * strictly in that order, as Kafka guarantees per connection.
 */
export class Connection {
  private readonly frames: FrameReader;
  private readonly slots: Slot[] = [];
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly info: ConnectionInfo,
    private readonly broker: Broker,
    maxFrameBytes: number,
    private readonly logger: Logger,
    onClose: () => void,
  ) {
    this.frames = new FrameReader(maxFrameBytes);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.logger.debug({ connection: info.id, error: error.message }, 'socket error'));
    socket.on('close', () => {
      this.closed = true;
      onClose();
    });
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    try {
      for (const payload of this.frames.push(chunk)) this.handle(payload);
    } catch (error) {
      this.fail(error);
    }
  }

  private handle(payload: Buffer): void {
    const slot: Slot = { done: false, response: null };
    this.slots.push(slot);
    const result = dispatch(this.broker, payload, this.info);
    if (!(result instanceof Promise)) {
      this.complete(slot, result);
      return;
    }
    result.then(
      (response) => this.complete(slot, response),
      (error: unknown) => this.fail(error),
    );
  }

  private complete(slot: Slot, response: Buffer[] | null): void {
    slot.done = true;
    slot.response = response;
    if (this.closed) return;
    this.socket.cork();
    while (this.slots.length > 0 && this.slots[0].done) {
      const { response: out } = this.slots.shift() as Slot;
      for (const buf of out ?? []) this.socket.write(buf);
    }
    this.socket.uncork();
  }

  /** Bad input costs the sender its connection, never the broker its life. */
  private fail(error: unknown): void {
    if (this.closed) return;
    this.closed = true;
    const context = { connection: this.info.id, client: this.info.clientHost };
    if (error instanceof ProtocolError) this.logger.warn({ ...context, error: error.message }, 'closing connection after bad request');
    // Anything else is a broker bug: still contained to this connection, but loud.
    else this.logger.error({ ...context, error }, 'request handler failed; closing connection');
    this.socket.destroy();
  }

  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }
}
