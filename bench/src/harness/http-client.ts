import http from 'node:http';

/** One keep-alive agent for the harness's own requests (seeding, probes, waitFor). */
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export function request(method: string, url: string, options: RequestOptions = {}): Promise<HttpResponse> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...options.headers };
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent, timeout: options.timeoutMs ?? 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer in ${options.timeoutMs ?? 30_000} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Sends a request and insists on one of the expected statuses, naming the call on failure. */
export async function expectStatus(
  method: string,
  url: string,
  expected: number[],
  options: RequestOptions = {},
): Promise<HttpResponse> {
  const response = await request(method, url, options);
  if (!expected.includes(response.status)) {
    throw new Error(
      `${method} ${url} answered ${response.status} (expected ${expected.join('/')}): ${response.body.slice(0, 300)}`,
    );
  }
  return response;
}

export function parseJson<T>(response: HttpResponse): T {
  return JSON.parse(response.body) as T;
}

/** Runs `work` over every item with at most `concurrency` in flight; the first error stops it. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed: unknown = null;
  const worker = async () => {
    while (failed === null && next < items.length) {
      const index = next++;
      try {
        await work(items[index], index);
      } catch (error) {
        failed ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failed !== null) throw failed;
}

export function closeHttpAgent(): void {
  agent.destroy();
}
