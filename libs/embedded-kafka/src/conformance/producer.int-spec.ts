import { uniqueName } from '@test/support';
import { CompressionTypes, Kafka, Partitioners, Producer } from 'kafkajs';
import { Received, runRecordingConsumer, testKafka, waitFor } from '../test-helpers/kafka';

/** Conformance: runs against KAFKA_BROKERS (the embedded broker, or a real cluster). */
describe('producing with kafkajs', () => {
  let kafka: Kafka;
  let producer: Producer;
  const consumers: Array<{ disconnect(): Promise<void> }> = [];

  beforeAll(async () => {
    kafka = testKafka('producer-conformance');
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterAll(async () => {
    for (const c of consumers) await c.disconnect();
    await producer.disconnect();
  });

  async function createTopic(partitions = 3): Promise<string> {
    const topic = uniqueName('produce');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
    await admin.disconnect();
    return topic;
  }

  async function consumeAll(topic: string, count: number): Promise<Received[]> {
    const got: Received[] = [];
    consumers.push(await runRecordingConsumer(kafka, 'c', uniqueName('g'), topic, got));
    await waitFor(`${count} messages`, () => got.length >= count);
    return got;
  }

  it('sends the same key to the same partition and keeps per-key order', async () => {
    const topic = await createTopic(3);
    const keys = ['red', 'green', 'blue', 'amber', 'violet'];
    for (let round = 0; round < 4; round++) {
      await producer.send({ topic, messages: keys.map((key) => ({ key, value: `${key}-${round}` })) });
    }
    const got = await consumeAll(topic, 20);
    expect(got).toHaveLength(20);
    for (const key of keys) {
      const mine = got.filter((m) => m.key === key);
      expect(new Set(mine.map((m) => m.partition)).size).toBe(1);
      expect(mine.map((m) => m.value)).toEqual([0, 1, 2, 3].map((r) => `${key}-${r}`));
    }
    expect(new Set(got.map((m) => m.partition)).size).toBeGreaterThan(1);
  });

  it('reports consecutive offsets per partition in the produce response', async () => {
    const topic = await createTopic(1);
    const first = await producer.send({ topic, messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
    const second = await producer.send({ topic, messages: [{ value: 'd' }] });
    expect(first[0]).toMatchObject({ partition: 0, errorCode: 0, baseOffset: '0' });
    expect(second[0]).toMatchObject({ partition: 0, errorCode: 0, baseOffset: '3' });
  });

  it('round-trips gzip-compressed batches byte for byte', async () => {
    const topic = await createTopic(1);
    const values = Array.from({ length: 50 }, (_, i) => `compressed message ${i} ${'z'.repeat(i * 10)}`);
    await producer.send({ topic, compression: CompressionTypes.GZIP, messages: values.map((value) => ({ value })) });
    const got = await consumeAll(topic, 50);
    expect(got.map((m) => m.value)).toEqual(values);
    expect(got.map((m) => Number(m.offset))).toEqual(values.map((_, i) => i));
  });

  it('carries a message of about 1 MiB', async () => {
    const topic = await createTopic(1);
    const big = 'x'.repeat(1000 * 1000) + 'end';
    await producer.send({ topic, messages: [{ key: 'big', value: big }, { key: 'after', value: 'small' }] });
    const got = await consumeAll(topic, 2);
    expect(got[0].value).toHaveLength(big.length);
    expect(got[0].value.endsWith('end')).toBe(true);
    expect(got[1].value).toBe('small');
  });

  it('auto-creates a topic on first produce with partitions at once', async () => {
    const topic = uniqueName('autocreate');
    const [result] = await producer.send({ topic, messages: [{ key: 'k', value: 'v' }] });
    expect(result.errorCode).toBe(0);
    const admin = kafka.admin();
    await admin.connect();
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.disconnect();
    expect(meta.topics[0].partitions.length).toBeGreaterThan(0);
  });

  it('produces idempotently in order with a producer id and sequences', async () => {
    const topic = await createTopic(3);
    const idempotent = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await idempotent.connect();
    try {
      for (let i = 0; i < 10; i++) {
        await idempotent.send({ topic, messages: [{ key: `k${i % 3}`, value: `v${i}` }, { key: `k${(i + 1) % 3}`, value: `w${i}` }] });
      }
    } finally {
      await idempotent.disconnect();
    }
    const got = await consumeAll(topic, 20);
    expect(got).toHaveLength(20);
    for (const key of ['k0', 'k1', 'k2']) {
      const offsets = got.filter((m) => m.key === key).map((m) => Number(m.offset));
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    }
  });
});
