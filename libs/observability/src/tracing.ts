import path from 'node:path';
import tracer from 'dd-trace';
import { configSchema } from '@app/config';

/**
 * dd-trace must be initialised before pg, kafkajs, ioredis, http or pino are first
 * required, or it cannot instrument them. This module initialises it when it is loaded,
 * and the library's index loads it first, so `main.ts` files only have to import
 * `@app/observability` before anything else.
 *
 * Tracing is enabled when an agent is configured (DD_AGENT_HOST or DD_TRACE_AGENT_URL)
 * or DD_TRACE_ENABLED=true; otherwise the tracer stays a no-op and nothing tries to reach
 * an agent that is not there.
 */
function initTracing(): boolean {
  const parsed = configSchema.safeParse(process.env);
  const env = parsed.success ? parsed.data : undefined;
  const explicit = env?.DD_TRACE_ENABLED?.toLowerCase();
  const enabled =
    explicit === 'true' || explicit === '1' || (explicit === undefined && Boolean(env?.DD_AGENT_HOST || env?.DD_TRACE_AGENT_URL));
  if (!enabled) return false;
  tracer.init({
    service: env?.DD_SERVICE ?? serviceNameFromEntryPoint(),
    env: env?.DD_ENV,
    version: env?.DD_VERSION,
    logInjection: true,
    runtimeMetrics: false,
    startupLogs: false,
  });
  return true;
}

/** `dist/apps/match-command/src/main.js` -> `match-command`. */
function serviceNameFromEntryPoint(): string {
  const entry = process.argv[1] ?? '';
  const parts = entry.split(path.sep);
  const at = parts.lastIndexOf('apps');
  return at >= 0 && parts[at + 1] ? parts[at + 1] : 'rankings';
}

export const tracingEnabled = initTracing();
export { tracer };
