import { tracer } from './tracing';

/**
 * DogStatsD through dd-trace's client (the agent address comes from DD_DOGSTATSD_* /
 * DD_AGENT_HOST). A no-op while tracing is disabled.
 */
export const statsd = {
  gauge(name: string, value: number, tags: Record<string, string> = {}): void {
    tracer.dogstatsd.gauge(name, value, tags);
  },
  increment(name: string, value = 1, tags: Record<string, string> = {}): void {
    tracer.dogstatsd.increment(name, value, tags);
  },
};
