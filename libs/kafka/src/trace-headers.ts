import type { IHeaders } from 'kafkajs';
import { tracer } from '@app/observability';

type SpanContext = NonNullable<ReturnType<typeof tracer.extract>>;

/** The span context carried by a Kafka message's headers, if any. */
export function extractTraceContext(headers: IHeaders | undefined): SpanContext | null {
  if (!headers) return null;
  const carrier: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const text = headerText(value);
    if (text !== undefined) carrier[name] = text;
  }
  return tracer.extract('text_map', carrier);
}

/** A header value as text (kafkajs hands headers back as Buffers). */
export function headerText(value: IHeaders[string]): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return undefined;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}
