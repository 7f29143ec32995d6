import { uniqueName } from '@test/support';
import { Admin, ConfigResourceTypes, Kafka, Producer } from 'kafkajs';
import { Received, runRecordingConsumer, testKafka, waitFor } from '../test-helpers/kafka';

/** Conformance: the admin surface operators use, through kafkajs, against KAFKA_BROKERS. */
describe('kafkajs admin: partitions, configs and records', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    kafka = testKafka('admin-configs');
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterAll(async () => {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  });

  async function configsOf(topic: string, names: string[]): Promise<Record<string, { value: string; isDefault: boolean }>> {
    const res = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: names }] });
    return Object.fromEntries(res.resources[0].configEntries.map((e) => [e.configName, { value: e.configValue, isDefault: e.isDefault }]));
  }

  it('creates partitions for an existing topic, and producers and consumers use them', async () => {
    const topic = uniqueName('grow');
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    await admin.createPartitions({ topicPartitions: [{ topic, count: 4 }] });
    const [meta] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    expect(meta.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2, 3]);
    await expect(admin.createPartitions({ topicPartitions: [{ topic, count: 3 }] })).rejects.toThrow(/partition/i);

    await producer.send({ topic, messages: [{ value: 'on-3', partition: 3 }] });
    const got: Received[] = [];
    const consumer = await runRecordingConsumer(kafka, 'c', uniqueName('grow-group'), topic, got);
    try {
      await waitFor('the message on the new partition', () => got.length === 1);
      expect(got[0]).toMatchObject({ partition: 3, value: 'on-3' });
    } finally {
      await consumer.disconnect();
    }
  });

  it('describes retention as defaults and as set at topic creation', async () => {
    const topic = uniqueName('retention');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }] }] });
    expect(await configsOf(topic, ['retention.ms', 'retention.bytes'])).toEqual({
      'retention.ms': { value: '3600000', isDefault: false },
      'retention.bytes': { value: '-1', isDefault: true },
    });
  });

  it('alters retention through AlterConfigs, replacing the whole set of overrides', async () => {
    const topic = uniqueName('alter');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }] }] });
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'retention.bytes', value: '1048576' }] }] });
    expect(await configsOf(topic, ['retention.ms', 'retention.bytes'])).toEqual({
      'retention.ms': { value: '604800000', isDefault: true },
      'retention.bytes': { value: '1048576', isDefault: false },
    });
  });

  it('refuses an unknown topic config instead of storing it', async () => {
    const topic = uniqueName('badconfig');
    await expect(admin.createTopics({ topics: [{ topic, configEntries: [{ name: 'no.such.config', value: '1' }] }] })).rejects.toThrow();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await expect(
      admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'retention.ms', value: 'soon' }] }] }),
    ).rejects.toThrow();
  });

  it('deletes records below an offset: the low watermark moves and consumers start there', async () => {
    const topic = uniqueName('delrec');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    for (let i = 0; i < 10; i++) await producer.send({ topic, messages: [{ value: `m${i}` }] });
    // kafkajs looks the leader up in the admin's metadata cache before sending DeleteRecords.
    await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '4' }] });
    expect(await admin.fetchTopicOffsets(topic)).toEqual([expect.objectContaining({ partition: 0, low: '4', high: '10' })]);
    await expect(admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '11' }] })).rejects.toThrow();

    const got: Received[] = [];
    const consumer = await runRecordingConsumer(kafka, 'c', uniqueName('delrec-group'), topic, got);
    try {
      await waitFor('the six kept messages', () => got.length >= 6);
      expect(got.map((m) => m.value)).toEqual(['m4', 'm5', 'm6', 'm7', 'm8', 'm9']);
    } finally {
      await consumer.disconnect();
    }
  });
});
