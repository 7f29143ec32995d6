import { createServer, Server, Socket } from 'node:net';
import { Broker } from '../broker';
import { Logger } from '../logger';
import { Connection } from './connection';

export interface ListenOptions {
  host: string;
  port: number;
  /** Overrides the host advertised in Metadata/FindCoordinator (default: the address the client reached). */
  advertisedHost?: string;
  maxFrameBytes: number;
}

const unmap = (address: string | undefined): string => (address ?? '127.0.0.1').replace(/^::ffff:/, '');

/** The TCP side: accepts sockets, wraps each in a Connection, and closes them all on shutdown. */
export class KafkaServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private nextConnectionId = 1;

  constructor(
    private readonly broker: Broker,
    private readonly options: ListenOptions,
    private readonly logger: Logger,
  ) {
    this.server = createServer((socket) => this.accept(socket));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    // A server error after start (EMFILE, ...) must be logged, not thrown as uncaught.
    this.server.on('error', (error) => this.logger.error({ error: error.message }, 'server socket error'));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('embedded kafka: no TCP address after listen');
    return address.port;
  }

  private accept(socket: Socket): void {
    const id = this.nextConnectionId++;
    const port = (this.server.address() as { port: number }).port;
    const info = {
      id,
      // The address the client actually reached: kafkajs matches Metadata's broker to its
      // seed by host and port, and any other host could be unreachable from the client.
      advertisedHost: this.options.advertisedHost ?? unmap(socket.localAddress),
      advertisedPort: port,
      clientHost: unmap(socket.remoteAddress),
    };
    const connection = new Connection(socket, info, this.broker, this.options.maxFrameBytes, this.logger, () => {
      this.connections.delete(connection);
      this.broker.groups.connectionClosed(id);
    });
    this.connections.add(connection);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const c of this.connections) c.destroy();
    this.connections.clear();
    await closed;
  }
}
