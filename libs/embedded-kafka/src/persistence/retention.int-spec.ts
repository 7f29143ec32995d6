import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { uniqueName } from '@test/support';
import { Admin, ConfigResourceTypes, Kafka } from 'kafkajs';
import { EmbeddedKafka, startEmbeddedKafka } from '../index';
import { Received, runRecordingConsumer, testKafka, waitFor } from '../test-helpers/kafka';

/**
 * Stand-in only (it looks at the segment files): retention deletes whole old segments on
 * disk, the low watermark follows, consumers start there, and it all survives a restart.
 */
describe('embedded kafka retention on disk', () => {
  let dataDir: string;
  let broker: EmbeddedKafka;
  let kafka: Kafka;
  let admin: Admin;

  const start = async () => {
    broker = await startEmbeddedKafka({ port: 0, dataDir, retentionCheckIntervalMs: 50 });
    kafka = testKafka('retention', broker.brokers);
    admin = kafka.admin();
    await admin.connect();
  };
  const stop = async () => {
    await admin.disconnect();
    await broker.close();
  };

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'embedded-kafka-retention-'));
    await start();
  });

  afterEach(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const segmentFiles = (topic: string) => readdirSync(path.join(dataDir, 'topics', topic, 'partition-0')).filter((f) => f.endsWith('.log')).sort();
  const lowWatermark = async (topic: string) => Number((await admin.fetchTopicOffsets(topic))[0].low);

  async function produceOneByOne(topic: string, count: number): Promise<void> {
    const producer = kafka.producer();
    await producer.connect();
    for (let i = 0; i < count; i++) await producer.send({ topic, messages: [{ value: `m${i}-${'x'.repeat(100)}` }] });
    await producer.disconnect();
  }

  it('deletes the oldest segments beyond retention.bytes and keeps the rest readable from the new low watermark', async () => {
    const topic = uniqueName('retbytes');
    const configEntries = [{ name: 'segment.bytes', value: '1024' }, { name: 'retention.bytes', value: '2048' }];
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries }] });
    await produceOneByOne(topic, 60); // ~190 B per batch: ~11 segments of 1 KiB
    // The last send can leave one segment more than retention keeps until the next check: a
    // low watermark read before that check goes stale, the consumer's first fetch is then out
    // of range and it never sees the messages expected below. Retention runs every 50 ms on
    // this very event loop and one check deletes all it will, so a low watermark unchanged
    // over three more polls (150 ms and more) is the settled one.
    let low = -1;
    let unchanged = 0;
    await waitFor('old segments deleted and retention settled', async () => {
      const current = await lowWatermark(topic);
      unchanged = current === low ? unchanged + 1 : 0;
      low = current;
      return segmentFiles(topic).length <= 4 && low > 0 && unchanged >= 3;
    });
    // Segment files are named after their base offset: the first one left is the low watermark.
    expect(Number(segmentFiles(topic)[0].slice(0, 20))).toBe(low);

    const got: Received[] = [];
    const consumer = await runRecordingConsumer(kafka, 'c', uniqueName('ret-group'), topic, got);
    // A new group's first join and fetch can take long on a loaded CI machine.
    await waitFor('the kept messages', () => got.length >= 60 - low, 100_000);
    await consumer.disconnect();
    expect(got.map((m) => Number(m.offset))).toEqual(Array.from({ length: 60 - low }, (_, i) => low + i));

    await stop();
    await start();
    expect(await admin.fetchTopicOffsets(topic)).toEqual([expect.objectContaining({ low: String(low), high: '60' })]);
  });

  it('deletes segments older than retention.ms once AlterConfigs lowers it, keeping the active one', async () => {
    const topic = uniqueName('retms');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'segment.bytes', value: '1024' }] }] });
    await produceOneByOne(topic, 30);
    const before = segmentFiles(topic).length;
    expect(before).toBeGreaterThan(3);
    await new Promise((r) => setTimeout(r, 20)); // let every record be older than the retention below
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'segment.bytes', value: '1024' }, { name: 'retention.ms', value: '10' }] }],
    });
    await waitFor('only the active segment left', () => segmentFiles(topic).length === 1);
    expect(await lowWatermark(topic)).toBe(Number(segmentFiles(topic)[0].slice(0, 20)));
    expect(Number((await admin.fetchTopicOffsets(topic))[0].high)).toBe(30);
  });
});
