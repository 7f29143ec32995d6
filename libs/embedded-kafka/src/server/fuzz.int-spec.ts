import { seededRandom, uniqueName } from '@test/support';
import { EmbeddedKafka, startEmbeddedKafka } from '../index';
import { silentLogger } from '../logger';
import { ErrorCode } from '../protocol/error-codes';
import { RawClient } from '../test-helpers/raw-client';
import { Received, runRecordingConsumer, testKafka, waitFor } from '../test-helpers/kafka';

const SUPPORTED: Array<[number, number]> = [
  [0, 7], [1, 11], [2, 3], [3, 6], [8, 5], [9, 4], [10, 2], [11, 5], [12, 3], [13, 3], [14, 3], [15, 2], [16, 2], [18, 2], [19, 3], [20, 1], [22, 1], [42, 1],
];

function frame(payload: Buffer, claimedSize = payload.length): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(claimedSize);
  return Buffer.concat([size, payload]);
}

/** A request header for a real API and version followed by random bytes: reaches every decoder. */
function randomRequest(next: () => number): Buffer {
  const [key, version] = SUPPORTED[Math.floor(next() * SUPPORTED.length)];
  const header = Buffer.alloc(10);
  header.writeInt16BE(key, 0);
  header.writeInt16BE(version, 2);
  header.writeInt32BE(Math.floor(next() * 1e6), 4);
  header.writeInt16BE(-1, 8);
  const body = Buffer.alloc(Math.floor(next() * 200));
  for (let i = 0; i < body.length; i++) body[i] = Math.floor(next() * 256);
  // Small positive counts/lengths are far likelier to get deep into a decoder than random ones.
  for (let i = 0; i + 4 <= body.length; i += 4) if (next() < 0.5) body.writeInt32BE(Math.floor(next() * 4), i);
  return Buffer.concat([header, body]);
}

/** Stand-in only (own broker): garbage on raw sockets, then a well-behaved kafkajs client. */
describe('embedded kafka under hostile input', () => {
  let broker: EmbeddedKafka;
  /** Errors the broker logged: bad input must only ever produce warnings, never handler failures. */
  const brokerErrors: unknown[] = [];
  const logger = { ...silentLogger, error: (obj: object) => brokerErrors.push(obj) };

  beforeAll(async () => {
    broker = await startEmbeddedKafka({ port: 0, maxFrameBytes: 1024 * 1024, logger });
  });

  afterAll(async () => {
    await broker.close();
    expect(brokerErrors).toEqual([]);
  });

  it('closes the connection on oversized, negative and undersized frame sizes', async () => {
    for (const claimed of [0x7fffffff, 1024 * 1024 + 1, -5, 3]) {
      const client = await RawClient.connect(broker.brokers[0]);
      client.write(frame(Buffer.alloc(8), claimed));
      expect(await client.closedWithin(2000)).toBe(true);
    }
  });

  it('closes the connection on an unknown api key, and answers a too-new ApiVersions with 35', async () => {
    const unknown = await RawClient.connect(broker.brokers[0]);
    unknown.write(frame(Buffer.from([0x03, 0xe7, 0, 0, 0, 0, 0, 1, 0xff, 0xff])));
    expect(await unknown.closedWithin(2000)).toBe(true);

    const client = await RawClient.connect(broker.brokers[0]);
    const r = await client.request(18, 9, () => undefined);
    expect(r.int16()).toBe(ErrorCode.UNSUPPORTED_VERSION);
    const versions = r.array((r) => [r.int16(), r.int16(), r.int16()]);
    expect(versions).toContainEqual([18, 0, 2]);
    client.close();
  });

  it('survives random frames, truncated frames and hung-up sockets, then serves kafkajs', async () => {
    const next = seededRandom(20240611);
    for (let round = 0; round < 150; round++) {
      const client = await RawClient.connect(broker.brokers[0]);
      const requests = Array.from({ length: 1 + Math.floor(next() * 4) }, () => frame(randomRequest(next)));
      let bytes = Buffer.concat(requests);
      if (next() < 0.3) bytes = bytes.subarray(0, Math.floor(next() * bytes.length)); // cut mid-frame
      client.write(bytes);
      if (next() < 0.5) await new Promise((r) => setImmediate(r));
      client.close();
    }
    // A truly random stream, sizes and all.
    for (let round = 0; round < 50; round++) {
      const client = await RawClient.connect(broker.brokers[0]);
      client.write(Buffer.from(Array.from({ length: Math.floor(next() * 64) }, () => Math.floor(next() * 256))));
      client.close();
    }

    const kafka = testKafka('after-fuzz', broker.brokers);
    const topic = uniqueName('fuzz');
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'still', value: 'alive' }] });
    await producer.disconnect();
    const got: Received[] = [];
    const consumer = await runRecordingConsumer(kafka, 'c', uniqueName('fuzzgroup'), topic, got);
    await waitFor('the message', () => got.length === 1);
    await consumer.disconnect();
    expect(got[0].value).toBe('alive');
    expect(brokerErrors).toEqual([]);
  });
});
