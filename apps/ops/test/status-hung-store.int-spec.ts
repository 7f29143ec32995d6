import net from 'node:net';
import { createTestDatabase, eventually, freePort, RunningProcess, startProcess, TestDatabase } from '@test/support';
import { isolatedEnv, OpsRun, runOps } from './ops-cli';

/**
 * CONTRACT §5: `ops status` answers within 3 s even when a store hangs, naming it. Hung
 * means accepting connections and never answering: the Elasticsearch stand-in frozen with
 * SIGSTOP, and for Redis, Postgres and the query service a server that accepts and stays
 * silent (what a wedged process or a black-holed connection looks like).
 */
const ANSWER_WITHIN_MS = 3000;
/** Loading the store clients (pg, ioredis, kafkajs, Elasticsearch) that `ops --help` does not load, on an idle machine. */
const CLIENT_LOAD_MS = 500;
/** `ops --help` wall time measured just before each status run (timedStatus): loading node and the CLI on this machine right now. */
let cliStartMs = 0;

let db: TestDatabase;
let env: NodeJS.ProcessEnv;
let elasticsearch: RunningProcess;
let esUrl: string;
let silent: net.Server;
let silentPort: number;
const held: net.Socket[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  env = isolatedEnv(db.url);
  const esPort = await freePort();
  elasticsearch = startProcess('node', ['dist/libs/embedded-elasticsearch/src/main.js'], { ...process.env, EMBEDDED_ES_PORT: String(esPort), LOG_LEVEL: 'warn' });
  esUrl = `http://127.0.0.1:${esPort}`;
  await eventually(async () => ((await fetch(esUrl)).ok ? true : undefined), 30_000, 'the Elasticsearch stand-in');
  silent = net.createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as net.AddressInfo).port;
}, 60_000);

afterAll(async () => {
  if (elasticsearch?.child.pid) process.kill(elasticsearch.child.pid, 'SIGCONT');
  await elasticsearch?.stop();
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => silent?.close(resolve));
  await db?.drop();
});

async function timedStatus(overrides: NodeJS.ProcessEnv): Promise<OpsRun & { ms: number }> {
  // The machine's load right now (the suite runs in parallel workers): measured just before, not once per file.
  const helpStarted = Date.now();
  await runOps(['--help'], env);
  cliStartMs = Date.now() - helpStarted;
  const started = Date.now();
  const run = await runOps(['status'], { ...env, ELASTICSEARCH_URL: esUrl, ...overrides });
  return { ...run, ms: Date.now() - started };
}

/**
 * Within 3 s of its own: what the run took beyond starting the CLI (`ops --help`, measured just
 * before, so a loaded machine's start-up cost is not counted), plus loading the store clients
 * that --help does not load (0.5 s idle; on a loaded machine it grows like the start-up did).
 * A status that waited on the hung store's own timeouts (10 s to for ever) is far past it.
 */
function expectPrompt(run: OpsRun & { ms: number }, hung: RegExp): void {
  const ownMs = run.ms - cliStartMs;
  const bound = ANSWER_WITHIN_MS + Math.max(CLIENT_LOAD_MS, cliStartMs);
  expect({ code: run.code, fast: ownMs < bound, ownMs, bound }).toEqual({ code: 0, fast: true, ownMs, bound });
  expect(run.stdout).toMatch(hung);
}

describe('ops status with a hung store', () => {
  it('names a frozen Elasticsearch within 3 s and still reports the rest', async () => {
    process.kill(elasticsearch.child.pid!, 'SIGSTOP');
    try {
      const run = await timedStatus({});
      expectPrompt(run, /^elasticsearch: UNREACHABLE \(elasticsearch gave no answer within \d+ ms \(hung\?\)\)$/m);
      expect(run.stdout).toMatch(/^outbox: 0 unpublished events/m);
      expect(run.stdout).toMatch(/^redis: live generation/m);
    } finally {
      process.kill(elasticsearch.child.pid!, 'SIGCONT');
    }
  });

  it('names a hung Redis within 3 s', async () => {
    expectPrompt(await timedStatus({ REDIS_URL: `redis://127.0.0.1:${silentPort}` }), /^redis: UNREACHABLE \(redis gave no answer within \d+ ms \(hung\?\)\)$/m);
  });

  it('names a hung Postgres within 3 s', async () => {
    const url = new URL(db.url);
    url.port = String(silentPort);
    expectPrompt(await timedStatus({ DATABASE_URL: url.toString() }), /^outbox: unreadable \(postgres gave no answer within \d+ ms \(hung\?\)\)$/m);
  });

  it('names a hung Kafka broker within 3 s', async () => {
    expectPrompt(await timedStatus({ KAFKA_BROKERS: `127.0.0.1:${silentPort}` }), /^kafka: UNREACHABLE \(kafka gave no answer within \d+ ms \(hung\?\)\)$/m);
  });

  it('names a Kafka broker that refuses connections within 3 s', async () => {
    const closed = await freePort();
    expectPrompt(await timedStatus({ KAFKA_BROKERS: `127.0.0.1:${closed}` }), /^kafka: UNREACHABLE \(.*ECONNREFUSED.*\)$/m);
  });

  it('names a hung query service within 3 s', async () => {
    expectPrompt(
      await timedStatus({ QUERY_PORT: String(silentPort) }),
      new RegExp(`^projections: query service not reachable at http://127.0.0.1:${silentPort}/projections \\(no answer within \\d+ ms \\(hung\\?\\)\\)$`, 'm'),
    );
  });
});
