import { tracer } from './tracing';

/**
 * The active span's context as text-map headers (Datadog and W3C `traceparent`). The
 * command side stores them with the outbox row so the relay can publish them and the
 * trace continues from the HTTP request into Kafka and the projectors. Empty when
 * tracing is off or no span is active.
 */
export function currentTraceHeaders(): Record<string, string> {
  const span = tracer.scope().active();
  if (!span) return {};
  const carrier: Record<string, string> = {};
  tracer.inject(span, 'text_map', carrier);
  return carrier;
}
