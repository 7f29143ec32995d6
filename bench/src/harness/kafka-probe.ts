import type { Consumer, Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { nowMs } from './clock';

/**
 * A consumer in its own group that notes when each event id arrives. The relay's and
 * the baseline's messages go through this same consumer, so its own fetch delay is in
 * both figures and cancels out of the ratio.
 */
export class KafkaProbe {
  readonly arrivals = new Map<string, number>();
  private constructor(private readonly consumer: Consumer) {}

  static async start(kafka: Kafka, topics: string[], groupId: string): Promise<KafkaProbe> {
    const consumer = kafka.consumer({
      groupId,
      maxWaitTimeInMs: 20,
      minBytes: 1,
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
    });
    const probe = new KafkaProbe(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        const at = nowMs();
        for (const message of batch.messages) {
          const id = message.headers?.['event-id']?.toString() ?? eventIdOf(message.value);
          if (id && !probe.arrivals.has(id)) probe.arrivals.set(id, at);
        }
      },
    });
    await Promise.race([
      joined,
      sleep(30_000).then(() => Promise.reject(new Error('the Kafka probe did not join its group in 30 s'))),
    ]);
    return probe;
  }

  /** Waits until every id has arrived, or the timeout; returns how many are still missing. */
  async waitFor(ids: Iterable<string>, timeoutMs: number): Promise<number> {
    const wanted = [...ids];
    const deadline = Date.now() + timeoutMs;
    let missing = wanted.length;
    while (Date.now() < deadline) {
      missing = wanted.reduce((n, id) => (this.arrivals.has(id) ? n : n + 1), 0);
      if (missing === 0) return 0;
      await sleep(20);
    }
    return missing;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

function eventIdOf(value: Buffer | null): string | undefined {
  if (!value) return undefined;
  try {
    return (JSON.parse(value.toString('utf8')) as { eventId?: string }).eventId;
  } catch {
    return undefined;
  }
}
