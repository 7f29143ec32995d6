import type { Producer } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import type { EventEnvelope } from '@app/contracts';
import { createKafka, ensureTopics } from '@app/kafka';
import { nowMs } from '../harness/clock';
import { KafkaProbe } from '../harness/kafka-probe';
import { paceAtRate } from '../harness/pacer';
import { PgActivitySampler } from '../harness/pg-activity-sampler';
import { profileDuring } from '../profiling/profile-step';
import { LatencySummary, summarizeLatencies } from '../report/percentiles';
import type { ProfileSummary, ScenarioOutcome } from '../report/scenario-result';
import { evaluateTarget } from '../report/targets';
import { insertOutboxEvents, kafkaMessageOf, matchCompletedEvent } from '../seed/events';
import type { Roster } from '../seed/roster';
import type { Scenario, ScenarioContext } from './scenario';

const roster: Roster = { divisions: 12, athletesPerDivision: 50 };
/** The relay's default batch; the baseline producer sends batches of the same size. */
const BATCH = 500;
/** How long after the last send stragglers may still arrive. */
const SETTLE_MS = 15_000;

interface Throughput {
  events: number;
  seconds: number;
  perSecond: number;
}

export const relayScenario: Scenario = {
  name: 'relay',
  title: 'Outbox relay: drain rate and commit-to-Kafka latency vs kafkajs producing directly',
  relevantOptions: ['backlog', 'relayRate', 'duration'],

  async run(context: ScenarioContext): Promise<ScenarioOutcome> {
    const { stack, options, log, cleanup } = context;
    await stack.createDatabase();
    await stack.startKafka();
    await stack.startRelay();
    const kafka = createKafka({ brokers: [`127.0.0.1:${stack.ports.kafka}`], clientId: 'bench' });
    const baselineTopic = `${stack.topic}-baseline`;
    await ensureTopics(kafka, [stack.topic, baselineTopic]);
    const probe = await KafkaProbe.start(kafka, [stack.topic, baselineTopic], `bench-probe-${stack.runId}`);
    cleanup.add('stop the Kafka probe', () => probe.stop());
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    cleanup.add('disconnect the baseline producer', () => producer.disconnect());
    const pool = stack.pool();
    const profiles: ProfileSummary[] = [];

    log(`  backlog: ${options.backlog} events committed at once, relay drains`);
    const sampler = new PgActivitySampler(pool, stack.database);
    sampler.start();
    const drained = await profileDuring(
      [stack.service('relay'), stack.service('kafka')],
      `draining the ${options.backlog}-event backlog`,
      stack.workDir,
      () => drainBacklog(pool, probe, options.backlog),
    );
    const relaySessions = await sampler.stop();
    relaySessions.title = `During the backlog drain: ${relaySessions.title}`;
    profiles.push(...drained.profiles);
    log(`  baseline: kafkajs sends the same ${options.backlog} messages in batches of ${BATCH}`);
    const direct = await produceDirectly(producer, baselineTopic, options.backlog);

    log(`  steady: ${options.relayRate} events/s for ${options.duration} s through the outbox`);
    const viaRelay = await steadyThroughOutbox(pool, probe, options.relayRate, options.duration);
    log(`  baseline: ${options.relayRate} events/s for ${options.duration} s produced directly`);
    const viaProducer = await steadyDirect(producer, baselineTopic, probe, options.relayRate, options.duration);
    const outcome = summarize(options.relayRate, drained.result, direct, viaRelay, viaProducer, profiles);
    outcome.tables.push(relaySessions);
    return outcome;
  },
};

function events(count: number): EventEnvelope[] {
  return Array.from({ length: count }, (_, n) => matchCompletedEvent(roster, 'c0000000', n));
}

/** Commits the whole backlog in one transaction, then times the relay until Postgres shows it all published. */
async function drainBacklog(
  pool: Pool,
  probe: KafkaProbe,
  count: number,
): Promise<{ sql: Throughput; delivered: Throughput; missing: number }> {
  const backlog = events(count);
  const client = await pool.connect();
  let committedAt: number;
  try {
    await client.query('BEGIN');
    for (let i = 0; i < backlog.length; i += 2000) await insertOutboxEvents(client, backlog.slice(i, i + 2000));
    await client.query('COMMIT');
    committedAt = nowMs();
  } finally {
    client.release();
  }
  const deadline = Date.now() + Math.max(60_000, count); // a generous 1 ms per event
  let publishedAt = 0;
  while (Date.now() < deadline) {
    const { rows } = await pool.query<{ left: string }>('SELECT count(*) AS left FROM outbox WHERE published_at IS NULL');
    if (Number(rows[0]?.left) === 0) {
      publishedAt = nowMs();
      break;
    }
    await sleep(25);
  }
  if (publishedAt === 0)
    throw new Error(`the relay did not publish a ${count}-event backlog within ${Math.round((deadline - committedAt) / 1000)} s`);
  const missing = await probe.waitFor(
    backlog.map((e) => e.eventId),
    30_000,
  );
  const lastArrival = Math.max(...backlog.map((e) => probe.arrivals.get(e.eventId) ?? 0));
  const sqlSeconds = (publishedAt - committedAt) / 1000;
  const deliveredSeconds = (lastArrival - committedAt) / 1000;
  return {
    sql: { events: count, seconds: sqlSeconds, perSecond: count / sqlSeconds },
    delivered: { events: count - missing, seconds: deliveredSeconds, perSecond: (count - missing) / deliveredSeconds },
    missing,
  };
}

async function produceDirectly(producer: Producer, topic: string, count: number): Promise<Throughput> {
  const backlog = events(count);
  const start = nowMs();
  for (let i = 0; i < backlog.length; i += BATCH) {
    await producer.send({ topic, acks: -1, messages: backlog.slice(i, i + BATCH).map(kafkaMessageOf) });
  }
  const seconds = (nowMs() - start) / 1000;
  return { events: count, seconds, perSecond: count / seconds };
}

interface Steady {
  sent: number;
  achievedRate: number;
  latency: LatencySummary | null;
  missing: number;
}

/** Inserts `rate` events/s (each tick's due events in one committed statement); latency = arrival − commit. */
async function steadyThroughOutbox(pool: Pool, probe: KafkaProbe, rate: number, seconds: number): Promise<Steady> {
  const committed = new Map<string, number>();
  const paced = await paceAtRate(rate, seconds, async (count) => {
    const batch = events(count);
    await insertOutboxEvents(pool, batch);
    const at = nowMs();
    for (const e of batch) committed.set(e.eventId, at);
  });
  return settle(probe, committed, paced);
}

/** The baseline: the same pacing, the messages handed straight to kafkajs (acks=all, idempotent). */
async function steadyDirect(
  producer: Producer,
  topic: string,
  probe: KafkaProbe,
  rate: number,
  seconds: number,
): Promise<Steady> {
  const handedOver = new Map<string, number>();
  const paced = await paceAtRate(rate, seconds, async (count) => {
    const batch = events(count);
    const at = nowMs();
    for (const e of batch) handedOver.set(e.eventId, at);
    await producer.send({ topic, acks: -1, messages: batch.map(kafkaMessageOf) });
  });
  return settle(probe, handedOver, paced);
}

async function settle(
  probe: KafkaProbe,
  started: Map<string, number>,
  paced: { sent: number; achievedRate: number },
): Promise<Steady> {
  const missing = await probe.waitFor(started.keys(), SETTLE_MS);
  const latencies: number[] = [];
  for (const [id, at] of started) {
    // An event never seen counts as the whole wait: a lower bound, so a loss cannot improve the tail.
    latencies.push((probe.arrivals.get(id) ?? at + SETTLE_MS) - at);
  }
  return { ...paced, latency: summarizeLatencies(latencies), missing };
}

function summarize(
  rate: number,
  drained: { sql: Throughput; delivered: Throughput; missing: number },
  direct: Throughput,
  viaRelay: Steady,
  viaProducer: Steady,
  profiles: ProfileSummary[],
): ScenarioOutcome {
  const notes = [
    `Backlog: ${drained.sql.events} MatchCompleted events committed in one transaction while the relay was running; "published" is when Postgres shows none left unpublished (Kafka acknowledged every one), "delivered" when the harness's consumer had seen them all.`,
    `Baseline throughput: one kafkajs producer (idempotent, acks=all, one request in flight, as the relay's) sending the same messages (key, value, headers) in batches of ${BATCH}, the relay's default batch, to the same broker.`,
    'Steady latency: each tick inserts the events due in one committed INSERT (autocommit); latency is from the commit acknowledgement to the consumer seeing the event. Baseline: the same pacing, the same consumer, the messages handed straight to the producer.',
  ];
  if (drained.missing > 0 || viaRelay.missing > 0 || viaProducer.missing > 0) {
    notes.push(
      `Not seen by the consumer in time: backlog ${drained.missing}, steady relay ${viaRelay.missing}, steady direct ${viaProducer.missing} (counted at ${SETTLE_MS} ms in the latency figures).`,
    );
  }
  return {
    tables: [
      {
        title: 'Throughput: draining a backlog',
        columns: ['path', 'events', 'seconds', 'events/s'],
        rows: [
          ['relay, until all marked published', drained.sql.events, drained.sql.seconds, drained.sql.perSecond],
          ['relay, until all consumed', drained.delivered.events, drained.delivered.seconds, drained.delivered.perSecond],
          ['kafkajs direct (baseline)', direct.events, direct.seconds, direct.perSecond],
        ],
      },
      {
        title: `Latency at a steady ${rate} events/s`,
        columns: ['path', 'events', 'achieved events/s', 'p50 ms', 'p99 ms', 'max ms', 'not seen'],
        rows: [
          [
            'commit → consumed, via relay',
            viaRelay.sent,
            viaRelay.achievedRate,
            viaRelay.latency?.p50 ?? null,
            viaRelay.latency?.p99 ?? null,
            viaRelay.latency?.max ?? null,
            viaRelay.missing,
          ],
          [
            'send → consumed, kafkajs direct (baseline)',
            viaProducer.sent,
            viaProducer.achievedRate,
            viaProducer.latency?.p50 ?? null,
            viaProducer.latency?.p99 ?? null,
            viaProducer.latency?.max ?? null,
            viaProducer.missing,
          ],
        ],
      },
    ],
    targets: [
      evaluateTarget(
        {
          id: 'relay.throughput',
          source: 'issue 5',
          metric: 'relay drain rate',
          comparator: '>=',
          threshold: 20_000,
          unit: 'events/s',
        },
        drained.sql.perSecond,
        { label: 'kafkajs direct', value: direct.perSecond },
      ),
      evaluateTarget(
        {
          id: 'relay.latency.p99',
          source: 'issue 5',
          metric: `commit-to-Kafka p99 at ${rate} events/s`,
          comparator: '<',
          threshold: 100,
          unit: 'ms',
        },
        viaRelay.latency?.p99 ?? null,
        viaProducer.latency ? { label: 'kafkajs direct p99', value: viaProducer.latency.p99 } : null,
      ),
    ],
    notes,
    profiles,
  };
}
