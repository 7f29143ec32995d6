import autocannon from 'autocannon';
import { summarizeLatencies } from '../report/percentiles';

export interface LoadRequest {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: string;
}

export interface LoadStep {
  url: string;
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  /** Called for each request; null means the pool is used up and the step ends early. */
  nextRequest: () => LoadRequest | null;
  /** Open-loop pacing: total requests per second across all connections. */
  overallRate?: number;
}

export interface LoadResult {
  connections: number;
  durationSeconds: number;
  /** 2xx responses per second. */
  okPerSecond: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** From each 2xx response's own timing (autocannon's histogram rounds to whole ms). */
  latencyMs: { p50: number; p99: number; max: number; mean: number } | null;
  endedEarly: boolean;
}

/**
 * One autocannon step. Every request comes from `nextRequest`, so each result post can
 * target its own scheduled match; non-2xx answers are counted and kept out of the
 * throughput figure, never hidden in it.
 */
export async function runLoadStep(step: LoadStep): Promise<LoadResult> {
  let endedEarly = false;
  let instance: autocannon.Instance | null = null;
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: step.url,
        connections: step.connections,
        duration: step.durationSeconds,
        overallRate: step.overallRate,
        headers: { 'content-type': 'application/json', ...step.headers },
        timeout: 10,
        requests: [
          {
            setupRequest: (req: autocannon.Request) => {
              const next = step.nextRequest();
              if (next === null) {
                if (!endedEarly) {
                  endedEarly = true;
                  setImmediate(() => instance?.stop());
                }
                return { ...req, method: 'GET', path: '/health' };
              }
              return { ...req, method: next.method, path: next.path, body: next.body };
            },
          },
        ],
      },
      (error, res) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(res)),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
  const summary = summarizeLatencies(latencies);
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    connections: step.connections,
    durationSeconds: result.duration,
    okPerSecond: result['2xx'] / result.duration,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    latencyMs: summary && { p50: summary.p50, p99: summary.p99, max: summary.max, mean: summary.mean },
    endedEarly,
  };
}
