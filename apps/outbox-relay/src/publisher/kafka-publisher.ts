import type { BeforeApplicationShutdown } from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';
import { deadLetterTopic } from '@app/contracts';
import { ensureTopics } from '@app/kafka';
import { tracer } from '@app/observability';
import type { OutboxRow } from '../outbox/outbox-row';
import { toKafkaMessage } from './outbox-message';

type Span = ReturnType<typeof tracer.startSpan>;

/**
 * Sends a batch of outbox rows and resolves only once Kafka acknowledged all of them, or
 * rejects: on an error, and when the acknowledgement has not come within `sendTimeoutMs`.
 * The bound is what makes a hung broker (process stopped, disk stalled: the TCP connection
 * stays up, nothing answers) visible: kafkajs would wait out its request timeout and
 * retries, tens of seconds, while the relay reported healthy.
 *
 * The producer is idempotent with one request in flight and acks=all: a retry inside
 * kafkajs can neither duplicate nor reorder messages of a partition, and "acknowledged"
 * means stored by every in-sync replica. After a failed send the producer is thrown away:
 * its idempotence sequence state is unknown after an outage, and a fresh producer (new
 * producer id) is the state a broker never rejects. The price is a possible duplicate of
 * the retried batch, which at-least-once allows and consumers deduplicate.
 */
export class KafkaPublisher implements BeforeApplicationShutdown {
  private producer: Producer | null = null;
  private topicsReady = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly sendTimeoutMs: number,
  ) {
    // dd-trace's kafkajs plugin would stamp one produce span's context onto every message
    // of the batch, replacing each event's own trace; the per-event spans below replace it.
    tracer.use('kafkajs', false);
  }

  async publish(rows: OutboxRow[]): Promise<void> {
    const spans = rows.map((row) => this.startSpan(row));
    try {
      await withDeadline(this.send(rows, spans), this.sendTimeoutMs, () => describeBatch(rows));
    } catch (error) {
      for (const span of spans) span.setTag('error', error);
      void this.discardProducer(); // in the background: against a hung broker it waits out its deadline
      throw error;
    } finally {
      for (const span of spans) span.finish();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.disconnect();
  }

  /** Drops the producer; a send still hanging fails, so nothing unacknowledged counts as sent. */
  async disconnect(): Promise<void> {
    await this.discardProducer();
  }

  private async send(rows: OutboxRow[], spans: Span[]): Promise<void> {
    const producer = await this.connectedProducer();
    await producer.send({
      topic: this.topic,
      acks: -1,
      messages: rows.map((row, i) => toKafkaMessage(row, injectedHeaders(spans[i]))),
    });
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    if (!this.topicsReady) {
      await ensureTopics(this.kafka, [this.topic, deadLetterTopic(this.topic)]);
      this.topicsReady = true;
    }
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  /** Waits for the disconnect at most `sendTimeoutMs`: against a hung broker it never ends. */
  private async discardProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    if (!producer) return;
    await withDeadline(producer.disconnect(), this.sendTimeoutMs, () => 'producer disconnect').catch(() => undefined);
  }

  /** A child of the command's span, so the Datadog trace runs from the request into Kafka. */
  private startSpan(row: OutboxRow): Span {
    const parent = tracer.extract('text_map', row.headers);
    return tracer.startSpan('outbox.publish', {
      ...(parent ? { childOf: parent } : {}),
      tags: {
        'span.kind': 'producer',
        'resource.name': this.topic,
        'messaging.system': 'kafka',
        'messaging.destination.name': this.topic,
        'event.id': row.eventId,
        'event.type': row.eventType,
        'division.id': row.divisionId,
      },
    });
  }
}

export class SendTimeoutError extends Error {}

/** `promise`, or a SendTimeoutError after `ms`; a late outcome of `promise` is ignored. */
function withDeadline<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendTimeoutError(`no acknowledgement within ${ms} ms for ${what()}`)), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function describeBatch(rows: OutboxRow[]): string {
  return `${rows.length} events from outbox id ${rows[0]?.id ?? '-'}`;
}

function injectedHeaders(span: Span): Record<string, string> {
  const carrier: Record<string, string> = {};
  tracer.inject(span, 'text_map', carrier);
  return carrier;
}
