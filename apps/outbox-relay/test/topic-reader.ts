import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { headerText } from '@app/kafka';
import { uniqueName } from '@test/support';

export interface ReadMessage {
  partition: number;
  offset: number;
  key: string;
  envelope: { eventId: string; divisionId: string; type: string; data: { revision?: number } };
  headers: Record<string, string>;
}

/**
 * Reads a topic from the beginning with a kafkajs consumer of its own group, recording
 * every message (duplicates included) for the test to assert on.
 */
export class TopicReader {
  readonly messages: ReadMessage[] = [];
  private consumer: Consumer | null = null;

  constructor(
    private readonly brokers: string[],
    private readonly topic: string,
  ) {}

  async start(): Promise<this> {
    const kafka = new Kafka({
      clientId: 'relay-test-reader',
      brokers: this.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    this.consumer = kafka.consumer({
      groupId: uniqueName('relay-test'),
      sessionTimeout: 6000,
      heartbeatInterval: 300,
      rebalanceTimeout: 10000,
      maxWaitTimeInMs: 100,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) {
          const text = headerText(value);
          if (text !== undefined) headers[name] = text;
        }
        this.messages.push({
          partition,
          offset: Number(message.offset),
          key: message.key?.toString() ?? '',
          envelope: JSON.parse(message.value?.toString() ?? 'null'),
          headers,
        });
      },
    });
    return this;
  }

  distinctEventIds(): Set<string> {
    return new Set(this.messages.map((m) => m.envelope.eventId));
  }

  /**
   * Each division's sequence as first delivered: duplicates (at-least-once) are dropped,
   * keeping the first copy, which is what an idempotent consumer applies.
   */
  firstSeenSequences(): Map<string, number[]> {
    const seen = new Set<string>();
    const sequences = new Map<string, number[]>();
    const ordered = [...this.messages].sort((a, b) => a.partition - b.partition || a.offset - b.offset);
    for (const m of ordered) {
      if (seen.has(m.envelope.eventId)) continue;
      seen.add(m.envelope.eventId);
      const list = sequences.get(m.envelope.divisionId) ?? [];
      list.push(m.envelope.data.revision ?? -1);
      sequences.set(m.envelope.divisionId, list);
    }
    return sequences;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** Polls until `count` distinct events arrived, or fails with how many did. */
export async function waitForDistinct(reader: TopicReader, count: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (reader.distinctEventIds().size < count) {
    if (Date.now() > deadline) {
      throw new Error(`only ${reader.distinctEventIds().size} of ${count} events arrived within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
