import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';

/**
 * The broker's memory and durability with a big log on disk: starts `main.js` with a data
 * dir in its own process, produces N messages of `messageBytes` (acks=-1, counting what was
 * acknowledged), reads the broker's RSS, kills it with SIGKILL, restarts it and checks that
 * every acknowledged message is there (high watermarks, then every message read back and
 * ticked off by the index it carries), reading the RSS again after that full read.
 */
export interface MemoryBenchOptions {
  messages: number;
  messageBytes?: number;
  /** The compiled broker entry point (dist/libs/embedded-kafka/src/main.js). */
  main: string;
  partitions?: number;
  log?: (line: string) => void;
}

export interface MemoryBenchResult {
  acknowledged: number;
  logBytes: number;
  rssAfterProduceMiB: number;
  peakRssMiB: number;
  restartMs: number;
  rssAfterRestartMiB: number;
  readBack: number;
  missing: number;
  rssAfterReadMiB: number;
  peakRssAfterRestartMiB: number;
}

const BATCH = 1000;
const IN_FLIGHT = 4;

function rssMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

function directoryBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => {
    const full = path.join(dir, e.name);
    return n + (e.isDirectory() ? directoryBytes(full) : statSync(full).size);
  }, 0);
}

async function startBroker(main: string, dataDir: string): Promise<{ proc: ChildProcess; brokers: string[] }> {
  const proc = spawn(process.execPath, [main], {
    env: { ...process.env, EMBEDDED_KAFKA_PORT: '0', EMBEDDED_KAFKA_DATA_DIR: dataDir, LOG_LEVEL: 'info', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`broker did not start: ${out}`)), 300_000);
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
  proc.stdout?.resume();
  return { proc, brokers: [`127.0.0.1:${port}`] };
}

async function produce(brokers: string[], topic: string, opts: MemoryBenchOptions): Promise<number> {
  const kafka = new Kafka({ clientId: 'memory-bench', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: opts.partitions ?? 3 }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const filler = 'x'.repeat(opts.messageBytes ?? 500);
  let next = 0;
  let acknowledged = 0;
  const worker = async () => {
    while (next < opts.messages) {
      const from = next;
      next = Math.min(opts.messages, next + BATCH);
      const messages = [];
      for (let i = from; i < next; i++) messages.push({ key: String(i % 97), value: `${String(i).padStart(10, '0')}${filler.slice(10)}` });
      await producer.send({ topic, messages });
      acknowledged += messages.length;
      if (acknowledged % 500_000 === 0) opts.log?.(`  acknowledged ${acknowledged}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  await producer.disconnect();
  return acknowledged;
}

async function readBack(brokers: string[], topic: string, expected: number): Promise<{ seen: number; missing: number }> {
  const kafka = new Kafka({ clientId: 'memory-bench-reader', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `memory-bench-${Date.now()}`, maxBytes: 8 * 1024 * 1024 });
  const seen = new Uint8Array(expected);
  let count = 0;
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          const i = Number(m.value?.subarray(0, 10).toString());
          if (seen[i] === 0) count++;
          seen[i] = 1;
        }
        if (count >= expected) resolve();
      },
    });
  });
  const stalled = new Promise<void>((resolve) => {
    let last = -1;
    const timer = setInterval(() => {
      if (count === last) {
        clearInterval(timer);
        resolve();
      }
      last = count;
    }, 20_000);
    void done.then(() => clearInterval(timer));
  });
  await Promise.race([done, stalled]);
  await consumer.disconnect();
  return { seen: count, missing: expected - count };
}

export async function runMemoryBench(opts: MemoryBenchOptions): Promise<MemoryBenchResult> {
  const log = opts.log ?? (() => undefined);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'embedded-kafka-memory-'));
  const topic = 'memory-bench';
  let broker = await startBroker(opts.main, dataDir);
  try {
    log(`producing ${opts.messages} messages of ${opts.messageBytes ?? 500} B`);
    const acknowledged = await produce(broker.brokers, topic, opts);
    const afterProduce = rssMiB(broker.proc.pid as number);
    log(`  broker RSS ${afterProduce.rss.toFixed(0)} MiB (peak ${afterProduce.peak.toFixed(0)} MiB); kill -9 and restart`);
    broker.proc.kill('SIGKILL');
    await new Promise((r) => broker.proc.once('exit', r));
    const started = Date.now();
    broker = await startBroker(opts.main, dataDir);
    const restartMs = Date.now() - started;
    const afterRestart = rssMiB(broker.proc.pid as number);
    log(`  restarted in ${restartMs} ms, RSS ${afterRestart.rss.toFixed(0)} MiB; reading everything back`);
    const read = await readBack(broker.brokers, topic, acknowledged);
    const afterRead = rssMiB(broker.proc.pid as number);
    const logBytes = directoryBytes(dataDir);
    return {
      acknowledged,
      logBytes,
      rssAfterProduceMiB: afterProduce.rss,
      peakRssMiB: afterProduce.peak,
      restartMs,
      rssAfterRestartMiB: afterRestart.rss,
      readBack: read.seen,
      missing: read.missing,
      rssAfterReadMiB: afterRead.rss,
      peakRssAfterRestartMiB: afterRead.peak,
    };
  } finally {
    broker.proc.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const messages = Number(process.argv[2] ?? 5_000_000);
  const main = path.resolve(__dirname, '../main.js');
  runMemoryBench({ messages, main, log: (l) => process.stdout.write(`${l}\n`) }).then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (e: unknown) => {
      process.stderr.write(`memory bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
}
