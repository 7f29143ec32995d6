import { EmbeddedKafka, startEmbeddedKafka } from '../index';
import { ErrorCode } from '../protocol/error-codes';
import { RawClient } from '../test-helpers/raw-client';
import { buildRecordBatch } from '../test-helpers/record-batch-builder';

/**
 * Stand-in only (own broker): kafkajs never retries a batch on demand, so the duplicate
 * and the gap are sent over a raw socket with hand-built Produce v7 requests.
 */
describe('idempotent produce over the raw protocol', () => {
  let broker: EmbeddedKafka;
  let client: RawClient;

  beforeAll(async () => {
    broker = await startEmbeddedKafka({ port: 0, defaultPartitions: 1 });
    client = await RawClient.connect(broker.brokers[0]);
  });

  afterAll(async () => {
    client.close();
    await broker.close();
  });

  async function initProducerId(): Promise<number> {
    const r = await client.request(22, 1, (w) => w.string(null).int32(60_000));
    r.int32();
    expect(r.int16()).toBe(ErrorCode.NONE);
    return r.int64();
  }

  async function produce(batch: Buffer): Promise<{ errorCode: number; baseOffset: number }> {
    const r = await client.request(0, 7, (w) => {
      w.string(null).int16(-1).int32(5000);
      w.array(['idem'], (w, topic) => w.string(topic).array([0], (w, p) => w.int32(p).bytes(batch)));
    });
    r.int32(); // topics
    r.string();
    r.int32(); // partitions
    r.int32();
    return { errorCode: r.int16(), baseOffset: r.int64() };
  }

  it('acknowledges a retried batch with its original offset instead of appending it twice', async () => {
    const producerId = await initProducerId();
    const first = buildRecordBatch({ values: ['a', 'b'], producerId, producerEpoch: 0, baseSequence: 0 });
    const second = buildRecordBatch({ values: ['c'], producerId, producerEpoch: 0, baseSequence: 2 });
    expect(await produce(first)).toEqual({ errorCode: 0, baseOffset: 0 });
    expect(await produce(second)).toEqual({ errorCode: 0, baseOffset: 2 });
    expect(await produce(first)).toEqual({ errorCode: 0, baseOffset: 0 });
    expect(await produce(second)).toEqual({ errorCode: 0, baseOffset: 2 });
    const next = buildRecordBatch({ values: ['d'], producerId, producerEpoch: 0, baseSequence: 3 });
    expect(await produce(next)).toEqual({ errorCode: 0, baseOffset: 3 });
  });

  it('refuses a sequence gap with OUT_OF_ORDER_SEQUENCE_NUMBER', async () => {
    const producerId = await initProducerId();
    expect((await produce(buildRecordBatch({ values: ['x'], producerId, producerEpoch: 0, baseSequence: 0 }))).errorCode).toBe(0);
    const gap = await produce(buildRecordBatch({ values: ['y'], producerId, producerEpoch: 0, baseSequence: 5 }));
    expect(gap.errorCode).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
  });

  it('refuses a batch whose CRC does not match with CORRUPT_MESSAGE', async () => {
    const batch = buildRecordBatch({ values: ['corrupt me'] });
    batch[batch.length - 3] ^= 0xff;
    expect((await produce(batch)).errorCode).toBe(ErrorCode.CORRUPT_MESSAGE);
  });
});
