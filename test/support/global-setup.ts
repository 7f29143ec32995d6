import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
// Relative, not @app/*: jest's global setup does not apply moduleNameMapper.
import { freePort, waitForPort } from '../../libs/ports/src';
import { dropStaleTestDatabases } from './database';

const ROOT = path.resolve(__dirname, '../..');

export interface StandIn {
  name: string;
  close(): Promise<void>;
}

/**
 * Starts shared infrastructure once per run (int and e2e tiers). Kafka and Elasticsearch
 * are the embedded stand-ins unless KAFKA_BROKERS / ELASTICSEARCH_URL point at real
 * servers, which is how the same suites prove the stand-ins against the real thing. Test
 * files get their own databases, topics, indices and Redis key prefixes, so they never
 * share state and run in parallel workers.
 *
 * Each stand-in is its own process, as in production, and each Jest worker gets its own
 * pair (worker-stand-ins.ts picks it): one single-threaded stand-in serving every parallel
 * rebuild-heavy file was the run's bottleneck, and in Jest's parent process it would also
 * share an event loop with the workers' traffic.
 */
export default async function globalSetup(globalConfig: { maxWorkers?: number }): Promise<void> {
  await dropStaleTestDatabases();
  const shared = globalThis as unknown as { __standIns?: StandIn[] };
  shared.__standIns = [];
  // Stand-ins and services run from dist/: build first (a second; unchanged files are left
  // alone), so the code under test is the one edited last, also for `npx jest <file>` and
  // with real servers. Once here, not per file: a spec needs no build of its own.
  execFileSync(process.execPath, ['scripts/build.js'], { cwd: ROOT, stdio: 'inherit' });
  if (process.env.KAFKA_BROKERS && process.env.ELASTICSEARCH_URL) return;
  const workers = Array.from({ length: Math.max(1, globalConfig.maxWorkers ?? 1) }, (_, i) => i);
  // A stand-in that fails to start fails the run: tests that need it would only time out.
  if (!process.env.KAFKA_BROKERS) {
    const ports = await Promise.all(workers.map(() => freePort()));
    const started = ports.map((port) =>
      startStandIn('embedded-kafka', 'dist/libs/embedded-kafka/src/main.js', { EMBEDDED_KAFKA_PORT: String(port) }, port),
    );
    shared.__standIns.push(...(await Promise.all(started)));
    process.env.TEST_KAFKA_POOL = ports.map((port) => `127.0.0.1:${port}`).join(' ');
  }
  if (!process.env.ELASTICSEARCH_URL) {
    const ports = await Promise.all(workers.map(() => freePort()));
    const started = ports.map((port) =>
      startStandIn(
        'embedded-elasticsearch',
        'dist/libs/embedded-elasticsearch/src/main.js',
        { EMBEDDED_ES_PORT: String(port) },
        port,
      ),
    );
    shared.__standIns.push(...(await Promise.all(started)));
    process.env.TEST_ELASTICSEARCH_POOL = ports.map((port) => `http://127.0.0.1:${port}`).join(' ');
  }
}

async function startStandIn(name: string, entry: string, env: Record<string, string>, port: number): Promise<StandIn> {
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    // Memory only (no data dirs), warnings and errors to the run's stderr.
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ...env },
    // The channel stops the stand-in when this process dies without running 'exit' handlers
    // (killed by a signal): stopWithParent in @app/ports.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // If Jest itself dies, do not leave the stand-in running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let listening = false;
  const ready = waitForPort(port, 30_000).then(() => {
    listening = true;
  });
  const died = exited.then(() => {
    if (!listening) throw new Error(`${name} exited before listening on 127.0.0.1:${port}`);
  });
  // The race reports whichever settles first; the loser must not become an unhandled rejection.
  ready.catch(() => undefined);
  died.catch(() => undefined);
  await Promise.race([ready, died]);
  return { name, close: () => stop(child, exited, killOnExit) };
}

async function stop(child: ChildProcess, exited: Promise<void>, killOnExit: () => void): Promise<void> {
  process.removeListener('exit', killOnExit);
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
