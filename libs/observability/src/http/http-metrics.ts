import type { FastifyInstance } from 'fastify';
import { Histogram } from 'prom-client';
import { metricsRegistry } from '../metrics';

/** What requests that matched no route are labelled with: raw URLs would explode the label set. */
export const UNMATCHED_ROUTE = 'unmatched';

let histogram: Histogram<'method' | 'route' | 'status'> | undefined;

/** One histogram per process, however many apps a test starts in it (the registry is global). */
function requestDurations(): Histogram<'method' | 'route' | 'status'> {
  histogram ??= new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration from arrival to the last byte sent, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    // Read p99 targets are 20-50 ms: resolution where it matters, coarse beyond a second.
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [metricsRegistry],
  });
  return histogram;
}

/**
 * Observes every request of a Fastify instance in `http_request_duration_seconds`
 * (CONTRACT §1). The route label is the route template (`/athletes/:id`), never the raw
 * URL, so the series stay few. Call it before the app registers its routes (before
 * `app.init()` / `app.listen()`).
 */
export function recordHttpRequestDurations(fastify: FastifyInstance): void {
  const durations = requestDurations();
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    durations.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
}
