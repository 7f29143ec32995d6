import type { Admin, Kafka } from 'kafkajs';
import { uniqueName } from '@test/support';
import { createKafka, ensureTopics } from './kafka-client';
import { readConsumerLag } from './consumer-lag';

/**
 * Against the worker's broker (the stand-in, or real Kafka through KAFKA_BROKERS): the lag
 * read back must be what this test put on the topic minus what it committed, partition by
 * partition, counted here from the messages sent and the offsets set.
 */
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
let kafka: Kafka;
let admin: Admin;

beforeAll(async () => {
  kafka = createKafka({ brokers, clientId: 'consumer-lag-spec' });
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await admin?.disconnect();
});

it('counts per group and partition what lies between its committed offset and the end of the topic', async () => {
  // given: 5, 3 and 0 messages in partitions 0, 1, 2
  const topic = uniqueName('lag-topic');
  await ensureTopics(kafka, [topic], 3);
  const sent = [5, 3, 0];
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (const [partition, count] of sent.entries()) {
      if (count === 0) continue;
      await producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ partition, value: `m${partition}-${i}` })) });
    }
  } finally {
    await producer.disconnect();
  }
  // a group that stored the first 2 of partition 0 and all of partition 1, one that stored nothing
  const partway = uniqueName('lag-partway');
  const fresh = uniqueName('lag-fresh');
  const committed: Array<number | null> = [2, 3, null];
  await admin.setOffsets({
    groupId: partway,
    topic,
    partitions: committed.flatMap((offset, partition) => (offset === null ? [] : [{ partition, offset: String(offset) }])),
  });

  // when
  const lag = await readConsumerLag(admin, topic, [partway, fresh]);

  // then
  const behind = (offsets: Array<number | null>) => sent.map((count, p) => count - (offsets[p] ?? 0));
  expect(lag).toEqual({
    topic,
    exists: true,
    retained: sent.reduce((a, b) => a + b, 0),
    groups: [
      {
        groupId: partway,
        behind: behind(committed).reduce((a, b) => a + b, 0),
        partitions: sent.map((end, partition) => ({ partition, committed: committed[partition], end, behind: behind(committed)[partition] })),
      },
      {
        groupId: fresh,
        behind: sent.reduce((a, b) => a + b, 0),
        partitions: sent.map((end, partition) => ({ partition, committed: null, end, behind: end })),
      },
    ],
  });
});

it('says a topic nobody created does not exist, and does not create it', async () => {
  const topic = uniqueName('lag-missing');
  const lag = await readConsumerLag(admin, topic, [uniqueName('lag-group')]);
  expect(lag).toEqual({ topic, exists: false, retained: 0, groups: [] });
  expect(await admin.listTopics()).not.toContain(topic);
});
