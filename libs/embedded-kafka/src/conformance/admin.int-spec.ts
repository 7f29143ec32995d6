import { uniqueName } from '@test/support';
import { Admin, Kafka, Producer } from 'kafkajs';
import { Received, runRecordingConsumer, testKafka, waitFor } from '../test-helpers/kafka';

/** Conformance: runs against KAFKA_BROKERS (the embedded broker, or a real cluster). */
describe('kafkajs admin', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    kafka = testKafka('admin-conformance');
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterAll(async () => {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  });

  it('creates, lists, describes and deletes topics', async () => {
    const topic = uniqueName('admin');
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 4 }] })).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 4 }] })).toBe(false);
    expect(await admin.listTopics()).toContain(topic);
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics).toHaveLength(1);
    expect(meta.topics[0].partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2, 3]);
    expect(meta.topics[0].partitions.every((p) => p.leader >= 0 && p.isr.length === 1)).toBe(true);
    await admin.deleteTopics({ topics: [topic] });
    await waitFor('topic gone from the listing', async () => !(await admin.listTopics()).includes(topic));
  });

  it('creates a topic with the broker default partition count when none is given', async () => {
    const topic = uniqueName('defaults');
    await admin.createTopics({ topics: [{ topic }] });
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics[0].partitions.length).toBeGreaterThanOrEqual(1);
  });

  it('reports topic offsets as low and high watermarks', async () => {
    const topic = uniqueName('offsets');
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    await producer.send({ topic, messages: [{ value: 'a', partition: 0 }, { value: 'b', partition: 0 }, { value: 'c', partition: 1 }] });
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.sort((x, y) => x.partition - y.partition)).toEqual([
      expect.objectContaining({ partition: 0, low: '0', high: '2', offset: '2' }),
      expect.objectContaining({ partition: 1, low: '0', high: '1', offset: '1' }),
    ]);
  });

  it('fetches, sets, resets, lists and deletes a group\'s offsets, and a consumer obeys them', async () => {
    const topic = uniqueName('seek');
    const groupId = uniqueName('seekgroup');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await producer.send({ topic, messages: ['m0', 'm1', 'm2', 'm3', 'm4'].map((value) => ({ value })) });

    expect(await admin.fetchOffsets({ groupId, topics: [topic] })).toEqual([{ topic, partitions: [expect.objectContaining({ partition: 0, offset: '-1' })] }]);
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '3' }] });
    expect((await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions[0].offset).toBe('3');

    const got: Received[] = [];
    const consumer = await runRecordingConsumer(kafka, 'c', groupId, topic, got);
    await waitFor('two messages from offset 3', () => got.length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(got.map((m) => m.value)).toEqual(['m3', 'm4']);

    const described = await admin.describeGroups([groupId]);
    expect(described.groups[0]).toMatchObject({ groupId, state: 'Stable', protocolType: 'consumer' });
    expect(described.groups[0].members).toHaveLength(1);
    await consumer.disconnect();
    expect((await admin.describeGroups([groupId])).groups[0]).toMatchObject({ state: 'Empty', members: [] });

    await admin.resetOffsets({ groupId, topic, earliest: true });
    expect((await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions[0].offset).toBe('-2');
    await admin.resetOffsets({ groupId, topic, earliest: false });
    expect((await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions[0].offset).toBe('-1');

    // (kafkajs's setOffsets/resetOffsets each idle ~5 s in a paused fetch loop: one group serves all checks.)
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).toContain(groupId);
    await admin.deleteGroups([groupId]);
    expect((await admin.describeGroups([groupId])).groups[0].state).toBe('Dead');
  });
});
