import type { Producer } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import type { EventEnvelope } from '@app/contracts';
import { OUTBOX_DOORBELL_CHANNEL } from '@app/database';
import { createKafka, ensureTopics } from '@app/kafka';
import { nowMs } from '../harness/clock';
import { KafkaProbe } from '../harness/kafka-probe';
import { paceAtRate } from '../harness/pacer';
import { PgActivitySampler } from '../harness/pg-activity-sampler';
import { quantileBoundsMs, quantileMs, scrapeAckBuckets } from '../harness/relay-ack-latency';
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

/** The small backlog whose drain the steady latency is compared after (issue 13: 1k vs 100k). */
const SMALL_BACKLOG = 1_000;

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

    log(`  backlog: ${SMALL_BACKLOG} events committed at once, relay drains`);
    const smallDrain = await drainBacklog(pool, probe, SMALL_BACKLOG, 'a');
    log(`  steady after the ${SMALL_BACKLOG} drain: ${options.relayRate} events/s for ${options.duration} s through the outbox`);
    const relayMetrics = stack.url('relay', '/metrics');
    const afterSmall = await steadyThroughOutbox(pool, probe, relayMetrics, options.relayRate, options.duration, 'b');

    log(`  backlog: ${options.backlog} events committed at once, relay drains`);
    const sampler = new PgActivitySampler(pool, stack.database);
    sampler.start();
    const drained = await profileDuring(
      [stack.service('relay'), stack.service('kafka')],
      `draining the ${options.backlog}-event backlog`,
      stack.workDir,
      () => drainBacklog(pool, probe, options.backlog, 'c'),
    );
    const relaySessions = await sampler.stop();
    relaySessions.title = `During the backlog drain: ${relaySessions.title}`;
    profiles.push(...drained.profiles);
    log(`  baseline: kafkajs sends the same ${options.backlog} messages in batches of ${BATCH}`);
    const direct = await produceDirectly(producer, baselineTopic, probe, options.backlog);

    log(`  steady after the ${options.backlog} drain: ${options.relayRate} events/s for ${options.duration} s through the outbox`);
    const viaRelay = await steadyThroughOutbox(pool, probe, relayMetrics, options.relayRate, options.duration, 'd');
    log(`  baseline: ${options.relayRate} events/s for ${options.duration} s produced directly`);
    const viaProducer = await steadyDirect(producer, baselineTopic, probe, options.relayRate, options.duration);
    const outcome = summarize(options.relayRate, drained.result, direct, { smallDrain, afterSmall, viaRelay }, viaProducer, profiles);
    outcome.tables.push(relaySessions);
    return outcome;
  },
};

/** `count` events whose ids start with `prefix` (each step its own ids: the probe tells them apart). */
function events(count: number, prefix: string): EventEnvelope[] {
  return Array.from({ length: count }, (_, n) => matchCompletedEvent(roster, `${prefix}0000000`, n));
}

/**
 * Commits the whole backlog in one transaction, then times the relay until its checkpoint
 * (moved only after Kafka's acknowledgement) has passed the backlog's last row: a
 * one-row read, so watching does not slow the drain it measures.
 */
async function drainBacklog(
  pool: Pool,
  probe: KafkaProbe,
  count: number,
  prefix: string,
): Promise<{ sql: Throughput; delivered: Throughput; missing: number }> {
  const backlog = events(count, prefix);
  const client = await pool.connect();
  let committedAt: number;
  let last: { txid: string; id: string };
  try {
    await client.query('BEGIN');
    for (let i = 0; i < backlog.length; i += 2000) await insertOutboxEvents(client, backlog.slice(i, i + 2000));
    const { rows } = await client.query<{ txid: string; id: string }>(
      `SELECT txid::text AS txid, id::text AS id FROM outbox ORDER BY outbox.txid DESC, outbox.id DESC LIMIT 1`,
    );
    last = rows[0];
    await client.query('COMMIT');
    committedAt = nowMs();
    await client.query('SELECT pg_notify($1, $2)', [OUTBOX_DOORBELL_CHANNEL, '']); // the writers' doorbell
  } finally {
    client.release();
  }
  const deadline = Date.now() + Math.max(60_000, count); // a generous 1 ms per event
  let publishedAt = 0;
  while (Date.now() < deadline) {
    const { rows } = await pool.query<{ done: boolean }>(
      `SELECT (txid, id) >= ($1::xid8, $2::bigint) AS done FROM outbox_checkpoint`,
      [last.txid, last.id],
    );
    if (rows[0]?.done) {
      publishedAt = nowMs();
      break;
    }
    await sleep(5);
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

async function produceDirectly(producer: Producer, topic: string, probe: KafkaProbe, count: number): Promise<Throughput> {
  const backlog = events(count, 'e');
  const start = nowMs();
  for (let i = 0; i < backlog.length; i += BATCH) {
    await producer.send({ topic, acks: -1, messages: backlog.slice(i, i + BATCH).map(kafkaMessageOf) });
  }
  const seconds = (nowMs() - start) / 1000;
  // Not timed: the probe must have consumed them before the next step measures latency.
  await probe.waitFor(
    backlog.map((e) => e.eventId),
    60_000,
  );
  return { events: count, seconds, perSecond: count / seconds };
}

interface Steady {
  sent: number;
  achievedRate: number;
  latency: LatencySummary | null;
  missing: number;
  /** Commit → Kafka acknowledgement as the relay measured it (bucket upper bounds, ms); relay steps only. */
  ack?: { p50: number | null; p99: number | null; p99Above: number | null };
}

/** Inserts `rate` events/s (each tick's due events in one committed statement); latency = arrival − commit. */
async function steadyThroughOutbox(
  pool: Pool,
  probe: KafkaProbe,
  relayMetrics: string,
  rate: number,
  seconds: number,
  prefix: string,
): Promise<Steady> {
  const committed = new Map<string, number>();
  const before = await scrapeAckBuckets(relayMetrics);
  const paced = await paceAtRate(rate, seconds, async (count) => {
    const batch = events(count, prefix);
    await insertOutboxEvents(pool, batch);
    const at = nowMs();
    for (const e of batch) committed.set(e.eventId, at);
    // As match-command's OutboxWriter does after a commit: ring the relay's doorbell, not awaited.
    pool.query('SELECT pg_notify($1, $2)', [OUTBOX_DOORBELL_CHANNEL, '']).catch(() => undefined);
  });
  const steady = await settle(probe, committed, paced);
  const after = await scrapeAckBuckets(relayMetrics);
  const p99 = quantileBoundsMs(before, after, 0.99);
  return { ...steady, ack: { p50: quantileMs(before, after, 0.5), p99: p99?.atMost ?? null, p99Above: p99?.above ?? null } };
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
    const batch = events(count, 'f');
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

interface RelaySteps {
  smallDrain: { sql: Throughput; delivered: Throughput; missing: number };
  /** Steady latency after the small drain. */
  afterSmall: Steady;
  /** Steady latency after the large drain. */
  viaRelay: Steady;
}

function latencyRow(label: string, steady: Steady): Array<string | number | null> {
  return [
    label,
    steady.sent,
    steady.achievedRate,
    steady.ack?.p50 ?? null,
    steady.ack?.p99Above ?? null,
    steady.ack?.p99 ?? null,
    steady.latency?.p50 ?? null,
    steady.latency?.p99 ?? null,
    steady.latency?.max ?? null,
    steady.missing,
  ];
}

function summarize(
  rate: number,
  drained: { sql: Throughput; delivered: Throughput; missing: number },
  direct: Throughput,
  relay: RelaySteps,
  viaProducer: Steady,
  profiles: ProfileSummary[],
): ScenarioOutcome {
  const { smallDrain, afterSmall, viaRelay } = relay;
  const notes = [
    `Backlogs: ${smallDrain.sql.events}, then ${drained.sql.events} MatchCompleted events, each committed in one transaction while the relay was running; "acknowledged" is when the relay's checkpoint (moved only after Kafka acknowledged) passed the backlog's last row, "delivered" when the harness's consumer had seen them all.`,
    `Baseline throughput: one kafkajs producer (idempotent, acks=all, one request in flight, as the relay's) sending the same messages (key, value, headers) in batches of ${BATCH}, the relay's default batch, to the same broker.`,
    `Steady latency, measured twice: after the ${smallDrain.sql.events}-event drain and after the ${drained.sql.events}-event one (latency must not depend on history). Each tick inserts the events due in one committed INSERT (autocommit); "ack" is commit → Kafka acknowledgement read off the relay's own histogram \`outbox_publish_latency_seconds\` (transaction start → ack; the p99 lies in the bucket given by "ack p99 > ms" and "ack p99 ≤ ms", buckets 1 to 5 ms apart below 50 ms, and the verdict takes the upper bound: never an underestimate), the quantity the target names; "consumed" is from the commit acknowledgement to the harness's consumer seeing the event, which adds the consumer's fetch cycle. Baseline: the same pacing, the same consumer, the messages handed straight to the producer.`,
  ];
  const missing = [drained.missing, afterSmall.missing, viaRelay.missing, viaProducer.missing];
  if (missing.some((n) => n > 0)) {
    notes.push(
      `Not seen by the consumer in time: backlog ${drained.missing}, steady after the small drain ${afterSmall.missing}, after the large drain ${viaRelay.missing}, steady direct ${viaProducer.missing} (counted at ${SETTLE_MS} ms in the latency figures).`,
    );
  }
  const directP99 = viaProducer.latency ? { label: 'kafkajs direct p99', value: viaProducer.latency.p99 } : null;
  return {
    tables: [
      {
        title: 'Throughput: draining a backlog',
        columns: ['path', 'events', 'seconds', 'events/s'],
        rows: [
          ['relay, small backlog, until acknowledged', smallDrain.sql.events, smallDrain.sql.seconds, smallDrain.sql.perSecond],
          ['relay, until all acknowledged', drained.sql.events, drained.sql.seconds, drained.sql.perSecond],
          ['relay, until all consumed', drained.delivered.events, drained.delivered.seconds, drained.delivered.perSecond],
          ['kafkajs direct (baseline)', direct.events, direct.seconds, direct.perSecond],
        ],
      },
      {
        title: `Latency at a steady ${rate} events/s`,
        columns: ['path', 'events', 'achieved events/s', 'ack p50 ≤ ms', 'ack p99 > ms', 'ack p99 ≤ ms', 'consumed p50 ms', 'consumed p99 ms', 'consumed max ms', 'not seen'],
        rows: [
          latencyRow(`via relay, after the ${smallDrain.sql.events} drain`, afterSmall),
          latencyRow(`via relay, after the ${drained.sql.events} drain`, viaRelay),
          latencyRow('kafkajs direct, from send (baseline)', viaProducer),
        ],
      },
    ],
    targets: [
      evaluateTarget(
        {
          id: 'relay.throughput.ratio',
          source: 'issue 13',
          metric: 'relay drain rate ÷ kafkajs direct, same batches, same broker',
          comparator: '>=',
          threshold: 0.5,
          unit: 'events/s',
          relativeToBaseline: true,
        },
        drained.sql.perSecond,
        { label: 'kafkajs direct', value: direct.perSecond },
      ),
      evaluateTarget(
        {
          id: 'relay.latency.p99.small',
          source: 'issue 13',
          metric: `commit-to-Kafka-ack p99 at ${rate} events/s after a ${smallDrain.sql.events}-event drain`,
          comparator: '<',
          threshold: 20,
          unit: 'ms',
        },
        afterSmall.ack?.p99 ?? null,
        directP99,
      ),
      evaluateTarget(
        {
          id: 'relay.latency.p99.large',
          source: 'issue 13',
          metric: `commit-to-Kafka-ack p99 at ${rate} events/s after a ${drained.sql.events}-event drain`,
          comparator: '<',
          threshold: 20,
          unit: 'ms',
        },
        viaRelay.ack?.p99 ?? null,
        directP99,
      ),
    ],
    notes,
    profiles,
  };
}
