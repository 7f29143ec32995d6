import { request, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface SseEvent {
  event: string;
  id: string | null;
  data: string;
  /** performance.now() when the event's last byte arrived. */
  receivedAt: number;
}

/**
 * A minimal Server-Sent Events client over node:http (one socket per client, no pooling),
 * light enough to hold a thousand streams in one process. Used by the SSE tests and bench.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  private buffer = '';
  private waiters: Array<() => void> = [];

  private constructor(private readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.receive(chunk));
  }

  /** Resolves once the stream answered 200; rejects with the status and body otherwise. */
  static connect(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = request(url, { agent: false, headers: { accept: 'text/event-stream', ...headers } }, (response) => {
        if (response.statusCode === 200) return resolve(new SseClient(response));
        let body = '';
        response.on('data', (c: Buffer) => (body += c.toString()));
        response.on('end', () => reject(new Error(`stream ${url} answered ${response.statusCode}: ${body}`)));
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** The first event (counting those already received) that satisfies `match`. */
  async next(match: (event: SseEvent) => boolean, timeoutMs = 10_000): Promise<SseEvent> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms; received ${JSON.stringify(this.events.map((e) => e.id))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Calls `listener` once the server ends the stream (or the connection drops). */
  onEnd(listener: () => void): void {
    if (this.response.complete || this.response.destroyed) return listener();
    this.response.once('close', listener);
  }

  close(): void {
    this.response.destroy();
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event = parseBlock(block);
      if (event) this.events.push(event);
    }
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }
}

/** One event block; null for comments and `retry:` only blocks. */
function parseBlock(block: string): SseEvent | null {
  let event = 'message';
  let id: string | null = null;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon === 0) continue;
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  return data.length ? { event, id, data: data.join('\n'), receivedAt: performance.now() } : null;
}
