import { ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka } from 'kafkajs';
import { startEmbeddedKafka } from '../index';
import { Received, runRecordingConsumer, testKafka, waitFor } from '../test-helpers/kafka';

/** Stand-in only: these tests start their own brokers on a temporary data dir. */
describe('embedded kafka persistence', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'embedded-kafka-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  async function produce(kafka: Kafka, topic: string, values: string[]): Promise<void> {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: values.map((value) => ({ key: 'k', value })) });
    await producer.disconnect();
  }

  /** Consumes `count` messages in `groupId`, then leaves (committing them). */
  async function consume(kafka: Kafka, groupId: string, topic: string, count: number): Promise<string[]> {
    const got: Received[] = [];
    const consumer = await runRecordingConsumer(kafka, 'c', groupId, topic, got);
    await waitFor(`${count} messages`, () => got.length >= count);
    await consumer.disconnect();
    return got.map((m) => m.value);
  }

  async function committed(kafka: Kafka, groupId: string, topic: string): Promise<string[]> {
    const admin = kafka.admin();
    await admin.connect();
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    await admin.disconnect();
    return offsets.partitions.sort((a, b) => a.partition - b.partition).map((p) => p.offset);
  }

  it('keeps topics, messages and committed offsets across close and restart', async () => {
    let broker = await startEmbeddedKafka({ port: 0, dataDir });
    let kafka = testKafka('persist', broker.brokers);
    await produce(kafka, 'kept', ['a', 'b', 'c']);
    expect(await consume(kafka, 'group-1', 'kept', 3)).toEqual(['a', 'b', 'c']);
    await broker.close();

    broker = await startEmbeddedKafka({ port: 0, dataDir });
    kafka = testKafka('persist', broker.brokers);
    try {
      const admin = kafka.admin();
      await admin.connect();
      expect(await admin.listTopics()).toContain('kept');
      await admin.disconnect();
      expect((await committed(kafka, 'group-1', 'kept')).filter((o) => o !== '-1')).toEqual(['3']);
      await produce(kafka, 'kept', ['d']);
      expect(await consume(kafka, 'group-1', 'kept', 1)).toEqual(['d']);
      expect(await consume(kafka, 'group-2', 'kept', 4)).toEqual(['a', 'b', 'c', 'd']);
    } finally {
      await broker.close();
    }
  });

  it('survives kill -9 of the broker process with messages and offsets intact', async () => {
    const main = path.resolve(__dirname, '../../../../dist/libs/embedded-kafka/src/main.js');
    if (!existsSync(main)) throw new Error(`${main} missing: run \`npm run build\` first (npm test does)`);
    let child = await startChild(main, dataDir);
    try {
      const kafka = testKafka('killed', child.brokers);
      await produce(kafka, 'durable', ['one', 'two', 'three', 'four']);
      expect(await consume(kafka, 'survivors', 'durable', 4)).toHaveLength(4);
      child.proc.kill('SIGKILL');
      await new Promise((r) => child.proc.once('exit', r));

      child = await startChild(main, dataDir);
      const after = testKafka('restarted', child.brokers);
      expect((await committed(after, 'survivors', 'durable')).filter((o) => o !== '-1')).toEqual(['4']);
      expect(await consume(after, 'fresh', 'durable', 4)).toEqual(['one', 'two', 'three', 'four']);
    } finally {
      child.proc.kill('SIGKILL');
    }
  });

  it('truncates a torn segment tail and a torn offset journal line on start', async () => {
    let broker = await startEmbeddedKafka({ port: 0, dataDir, defaultPartitions: 1 });
    let kafka = testKafka('torn', broker.brokers);
    await produce(kafka, 'torn', ['first']);
    await produce(kafka, 'torn', ['second']);
    expect(await consume(kafka, 'g', 'torn', 2)).toHaveLength(2);
    await broker.close();

    const segment = path.join(dataDir, 'topics', 'torn', 'partition-0', '00000000000000000000.log');
    const size = statSync(segment).size;
    // A crash in the middle of the second batch's write, then unrelated junk after it.
    truncateSync(segment, size - 7);
    appendFileSync(segment, Buffer.from('garbage that is not a record batch'));
    appendFileSync(path.join(dataDir, 'offsets.log'), '{"g":"g","t":"torn","p":0,"o":9');

    broker = await startEmbeddedKafka({ port: 0, dataDir });
    kafka = testKafka('torn', broker.brokers);
    try {
      expect(statSync(segment).size).toBeLessThan(size - 7);
      expect(readFileSync(path.join(dataDir, 'offsets.log'), 'utf8').endsWith('\n')).toBe(true);
      expect((await committed(kafka, 'g', 'torn'))[0]).toBe('2');
      await produce(kafka, 'torn', ['third']);
      const all = await consume(kafka, 'again', 'torn', 2);
      expect(all).toEqual(['first', 'third']);
    } finally {
      await broker.close();
    }
  });
});

async function startChild(main: string, dataDir: string): Promise<{ proc: ChildProcess; brokers: string[] }> {
  const proc = spawn(process.execPath, [main], {
    env: { ...process.env, EMBEDDED_KAFKA_PORT: '0', EMBEDDED_KAFKA_DATA_DIR: dataDir, LOG_LEVEL: 'info', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`broker did not start: ${out}`)), 10_000);
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /"port":(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    proc.once('exit', (code) => reject(new Error(`broker exited with ${code}: ${out}`)));
  });
  return { proc, brokers: [`127.0.0.1:${port}`] };
}
