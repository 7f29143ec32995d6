import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** Time to receive a request's headers. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, headers and body: a stalled body is answered 408. */
  requestTimeoutMs: number;
  /** Open connections one client address may hold; the next ones are answered 429. */
  maxConnectionsPerAddress: number;
}

const REFUSED = Symbol('refused: too many connections from this address');

/**
 * The write API's HTTP server (Fastify's `serverFactory`), guarding the process against
 * clients that hold sockets open: headers and whole requests must arrive in time (Node
 * answers a late one through `clientErrorHandler` below: 408, socket closed), and one
 * client address may hold at most `maxConnectionsPerAddress` connections. A connection
 * beyond that is marked and its requests are refused with 429 (see `isRefusedConnection`),
 * so a flood from one address cannot use up the process's sockets and memory.
 */
export function createLimitedServer(
  limits: ConnectionLimits,
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Server {
  const headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  const server = createServer(
    {
      headersTimeout,
      requestTimeout: limits.requestTimeoutMs,
      // Node checks the two timeouts on this period (30 s by default, which would let a
      // stalled body live up to 30 s past its deadline).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 2))),
    },
    handler,
  );
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    open.set(address, count);
    if (count > limits.maxConnectionsPerAddress) {
      (socket as Socket & { [REFUSED]?: boolean })[REFUSED] = true;
      // A refused connection gets one answer at most: it must not sit idle either.
      socket.setTimeout(headersTimeout, () => socket.destroy());
    }
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
  return server;
}

export function isRefusedConnection(socket: Socket): boolean {
  return (socket as Socket & { [REFUSED]?: boolean })[REFUSED] === true;
}

/**
 * Errors Node's HTTP parser raises before a request exists (Fastify's `clientErrorHandler`):
 * a late request or header, malformed HTTP, headers over the size limit. They answer in
 * the contract's error shape, then the socket is closed (what follows on it cannot be
 * trusted to be a request boundary).
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [statusCode, message] = describeClientError(error);
  const body = JSON.stringify({ statusCode, error: STATUS_CODES[statusCode], message });
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  // Give the answer a moment to leave, then close whatever the client still holds open.
  setTimeout(() => socket.destroy(), 1000).unref();
}

function describeClientError(error: NodeJS.ErrnoException): [number, string] {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return [408, 'Request not received in time: headers and body must arrive without stalling'];
  if (error.code === 'HPE_HEADER_OVERFLOW') return [431, 'Request headers are too large'];
  if (error.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return [413, 'Chunk extensions are too large'];
  return [400, `Malformed HTTP request (${error.code ?? 'parse error'})`];
}
