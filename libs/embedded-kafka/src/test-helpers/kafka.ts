import { Consumer, ConsumerConfig, EachMessagePayload, Kafka, logLevel } from 'kafkajs';

/**
 * kafkajs wiring shared by this library's tests. Brokers come from KAFKA_BROKERS (set by
 * the jest global setup to the embedded broker, or by the caller to a real cluster), so
 * the conformance suite runs unchanged against either.
 */
export function testBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run through jest (global setup) or point it at a broker');
  return brokers.split(',');
}

export function testKafka(clientId: string, brokers: string[] = testBrokers(), level = logLevel.NOTHING): Kafka {
  return new Kafka({ clientId, brokers, logLevel: level, retry: { retries: 8, initialRetryTime: 100 } });
}

/**
 * Group timings small enough for tests yet legal on a real broker (its minimum session
 * timeout is 6 s); short maxWait keeps disconnects (which wait for the in-flight fetch) quick.
 */
export const FAST_GROUP: Partial<ConsumerConfig> = {
  sessionTimeout: 6000,
  heartbeatInterval: 300,
  rebalanceTimeout: 10000,
  maxWaitTimeInMs: 300,
};

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Received {
  consumer: string;
  partition: number;
  offset: string;
  key: string;
  value: string;
}

/** Starts a consumer that records every message it sees into `into`. */
export async function runRecordingConsumer(
  kafka: Kafka,
  name: string,
  groupId: string,
  topic: string,
  into: Received[],
  opts: { fromBeginning?: boolean; config?: Partial<ConsumerConfig> } = {},
): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, ...FAST_GROUP, ...opts.config });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: opts.fromBeginning ?? true });
  await consumer.run({
    eachMessage: async ({ partition, message }: EachMessagePayload) => {
      into.push({ consumer: name, partition, offset: message.offset, key: message.key?.toString() ?? '', value: message.value?.toString() ?? '' });
    },
  });
  return consumer;
}

/** Resolves once the consumer has been assigned partitions after its latest join. */
export function nextGroupJoin(consumer: Consumer): Promise<Record<string, number[]>> {
  return new Promise((resolve) => {
    const off = consumer.on(consumer.events.GROUP_JOIN, (e) => {
      off();
      resolve(e.payload.memberAssignment);
    });
  });
}
