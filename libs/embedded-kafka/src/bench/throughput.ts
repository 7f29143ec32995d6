import { Kafka, logLevel } from 'kafkajs';
import { startEmbeddedKafka } from '../index';

export interface ThroughputOptions {
  /** Messages to produce and then consume. Default 100 000. */
  messages?: number;
  /** Bytes per message value. Default 1024. */
  messageBytes?: number;
  /** Messages per producer.send (one batch per partition). Default 1000. */
  batchSize?: number;
  /** Concurrent sends in flight. Default 4. */
  concurrency?: number;
  partitions?: number;
}

export interface ThroughputResult {
  messages: number;
  messageBytes: number;
  produceMsgsPerSec: number;
  consumeMsgsPerSec: number;
  produceMiBPerSec: number;
  consumeMiBPerSec: number;
}

/**
 * Produces then consumes N messages with kafkajs against an in-process embedded broker.
 * Both client and broker share one Node process (and core), so this is a floor: a broker
 * in its own process (`npm run embedded:kafka`) has a core to itself.
 */
export async function runKafkaThroughputBench(opts: ThroughputOptions = {}): Promise<ThroughputResult> {
  const messages = opts.messages ?? 100_000;
  const messageBytes = opts.messageBytes ?? 1024;
  const batchSize = opts.batchSize ?? 1000;
  const concurrency = opts.concurrency ?? 4;
  const broker = await startEmbeddedKafka({ port: 0, defaultPartitions: opts.partitions ?? 3 });
  const kafka = new Kafka({ clientId: 'bench', brokers: broker.brokers, logLevel: logLevel.ERROR });
  const topic = `bench-${Date.now()}`;
  try {
    const value = Buffer.alloc(messageBytes, 'x');
    const producer = kafka.producer();
    await producer.connect();
    const produceStart = process.hrtime.bigint();
    let sent = 0;
    const worker = async (): Promise<void> => {
      while (sent < messages) {
        const n = Math.min(batchSize, messages - sent);
        sent += n;
        await producer.send({ topic, messages: Array.from({ length: n }, (_, i) => ({ key: String((sent + i) % 64), value })) });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const produceSec = Number(process.hrtime.bigint() - produceStart) / 1e9;
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `${topic}-group`, maxBytesPerPartition: 4 * 1024 * 1024, maxBytes: 16 * 1024 * 1024 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let received = 0;
    const consumeStart = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            received += batch.messages.length;
            if (received >= messages) resolve();
          },
        })
        .catch(reject);
    });
    const consumeSec = Number(process.hrtime.bigint() - consumeStart) / 1e9;
    await consumer.disconnect();
    const mib = (messages * messageBytes) / (1024 * 1024);
    return {
      messages,
      messageBytes,
      produceMsgsPerSec: Math.round(messages / produceSec),
      consumeMsgsPerSec: Math.round(messages / consumeSec),
      produceMiBPerSec: Math.round((mib / produceSec) * 10) / 10,
      consumeMiBPerSec: Math.round((mib / consumeSec) * 10) / 10,
    };
  } finally {
    await broker.close();
  }
}

if (require.main === module) {
  const messages = Number(process.argv[2] ?? 100_000);
  runKafkaThroughputBench({ messages }).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`bench failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
