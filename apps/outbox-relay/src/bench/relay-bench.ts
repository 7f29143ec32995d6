import { Pool } from 'pg';
import { loadConfig } from '@app/config';
import { prepareDatabase } from '@app/database';
import { createLogger } from '@app/observability';
import { startRelay } from '../relay.factory';
import { EventStream, insertOutboxEvents } from './outbox-load';

export interface RelayBenchTarget {
  databaseUrl: string;
  brokers: string[];
  topic: string;
  batchSize?: number;
}

export interface ThroughputResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

export interface LatencyResult {
  events: number;
  ratePerSecond: number;
  /** Transaction start (≈ commit for these one-statement transactions) → marked published after the ack. */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

const DIVISIONS = Array.from({ length: 20 }, (_, i) => `bench-${i + 1}`);

/**
 * Relay throughput: pre-fills the outbox with `backlog` events, starts a relay and times
 * from its first published row to the last. Expects an empty, migrated database.
 */
export async function benchRelayThroughput(target: RelayBenchTarget, backlog = 50_000): Promise<ThroughputResult> {
  const pool = new Pool({ connectionString: target.databaseUrl, max: 4 });
  try {
    const stream = new EventStream(DIVISIONS);
    for (let left = backlog; left > 0; left -= 5_000) await insertOutboxEvents(pool, stream.take(Math.min(5_000, left)));
    const relay = await startRelay(benchConfig(target), { logger: createLogger('relay-bench', 'warn') });
    try {
      let startedAt = 0;
      for (;;) {
        const published = await countPublished(pool);
        if (published > 0 && !startedAt) startedAt = Date.now();
        if (published >= backlog) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const { rows } = await pool.query<{ seconds: number }>(
        `SELECT extract(epoch FROM max(published_at) - min(published_at))::float8 AS seconds FROM outbox`,
      );
      const seconds = Math.max(rows[0].seconds, 0.001);
      return { events: backlog, seconds, eventsPerSecond: Math.round(backlog / seconds) };
    } finally {
      await relay.close();
    }
  } finally {
    await pool.end();
  }
}

/**
 * Commit → ack latency at a steady rate: writes `ratePerSecond` events for `seconds`, in
 * one-event transactions spread evenly, with a relay running, then reads the percentiles
 * from the rows (created_at → published_at, both Postgres clock). Expects an empty database.
 */
export async function benchRelayLatency(target: RelayBenchTarget, ratePerSecond = 1_000, seconds = 10): Promise<LatencyResult> {
  const pool = new Pool({ connectionString: target.databaseUrl, max: 8 });
  const relay = await startRelay(benchConfig(target), { logger: createLogger('relay-bench', 'warn') });
  try {
    const stream = new EventStream(DIVISIONS);
    const tickMs = 10;
    const perTick = Math.max(1, Math.round((ratePerSecond * tickMs) / 1000));
    const started = Date.now();
    for (let tick = 0; Date.now() - started < seconds * 1000; tick++) {
      // Several concurrent one-event transactions per tick, like independent commands.
      await Promise.all(stream.take(perTick).map((event) => insertOutboxEvents(pool, [event])));
      const wait = started + (tick + 1) * tickMs - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    while ((await countPublished(pool)) < stream.total) await new Promise((resolve) => setTimeout(resolve, 50));
    const { rows } = await pool.query<{ p: number[]; max: number }>(`
      SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY ms) AS p, max(ms) AS max
        FROM (SELECT extract(epoch FROM published_at - created_at)::float8 * 1000 AS ms FROM outbox) t`);
    const [p50, p95, p99] = rows[0].p;
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return {
      events: stream.total,
      ratePerSecond: Math.round(stream.total / ((Date.now() - started) / 1000)),
      p50Ms: round(p50),
      p95Ms: round(p95),
      p99Ms: round(p99),
      maxMs: round(rows[0].max),
    };
  } finally {
    await relay.close();
    await pool.end();
  }
}

function benchConfig(target: RelayBenchTarget) {
  return loadConfig({
    ...process.env,
    DATABASE_URL: target.databaseUrl,
    KAFKA_BROKERS: target.brokers.join(','),
    KAFKA_TOPIC: target.topic,
    RELAY_PORT: '0',
    RELAY_BATCH_SIZE: String(target.batchSize ?? 500),
    LOG_LEVEL: 'warn',
  });
}

async function countPublished(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM outbox WHERE published_at IS NOT NULL');
  return Number(rows[0].n);
}

/**
 * `node dist/apps/outbox-relay/src/bench/relay-bench.js <throughput|latency> <databaseUrl> <brokers> [batchSize]`
 * (the database is created and migrated; use a fresh name per run).
 */
async function cli(): Promise<void> {
  const [scenario, databaseUrl, brokers, batchSize] = process.argv.slice(2);
  if (!databaseUrl || !brokers) throw new Error('usage: relay-bench <throughput|latency> <databaseUrl> <brokers> [batchSize]');
  await prepareDatabase(databaseUrl);
  const target = { databaseUrl, brokers: brokers.split(','), topic: `relay-bench-${Date.now()}`, batchSize: Number(batchSize ?? 500) };
  const result = scenario === 'latency' ? await benchRelayLatency(target) : await benchRelayThroughput(target);
  process.stdout.write(`${JSON.stringify({ scenario, batchSize: target.batchSize, ...result })}\n`);
}

if (require.main === module) {
  cli().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
