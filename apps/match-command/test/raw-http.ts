import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

/** What came back on a raw socket before it closed (or the wait ended). */
export interface RawExchange {
  text: string;
  status: number | null;
  body: unknown;
  closed: boolean;
  elapsedMs: number;
}

/** A TCP connection to the API, for what `fetch` will not send: stalled bodies, odd bytes. */
export async function openSocket(baseUrl: string): Promise<Socket> {
  const { hostname, port } = new URL(baseUrl);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  return socket;
}

/** Collects everything the server sends until it closes the socket or `waitMs` passes. */
export function readUntilClosed(socket: Socket, waitMs: number): Promise<RawExchange> {
  const started = Date.now();
  let text = '';
  return new Promise((resolve) => {
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.removeAllListeners('data');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      const rawBody = text.split('\r\n\r\n').slice(1).join('\r\n\r\n');
      let body: unknown = rawBody;
      try {
        body = JSON.parse(rawBody);
      } catch {
        // not JSON: the test says what it expected
      }
      resolve({ text, status: status ? Number(status) : null, body, closed, elapsedMs: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.once('close', () => finish(true));
    socket.on('error', () => undefined);
  });
}

/** Sends one request on the socket and reads its whole answer (the server closes after it). */
export function requestLine(method: string, path: string, headers: Record<string, string>, body = ''): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: localhost', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}
