import type { Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKafka, ensureTopics, projectorGroupId } from '@app/kafka';
import { nowMs } from '../harness/clock';
import type { ScenarioOutcome } from '../report/scenario-result';
import { evaluateTarget } from '../report/targets';
import { profileDuring } from '../profiling/profile-step';
import { RedisStallProbe } from '../harness/redis-stall-probe';
import type { LatencySummary } from '../report/percentiles';
import { kafkaMessageOf, matchCompletedEvent } from '../seed/events';
import type { Roster } from '../seed/roster';
import type { Scenario, ScenarioContext } from './scenario';

/** 2,000 athletes: careers grow to hundreds of matches over a large replay, which is what O(1) per event must survive. */
const roster: Roster = { divisions: 8, athletesPerDivision: 250 };
const PROJECTIONS = ['elasticsearch', 'redis'] as const;
const SEND_BATCH = 2000;
/** How long the idle Redis round trip is measured before the replay. */
const STALL_IDLE_MS = 3000;

/**
 * Replaying the whole topic into fresh stores: `--backlog` MatchCompleted events are put
 * on the topic first, then one rankings-projector process starts on empty stores and the
 * clock runs until both projections have committed every offset. Baseline in the same run:
 * a bare kafkajs consumer reading the same messages (the floor for "consume a topic").
 */
export const catchupScenario: Scenario = {
  name: 'catchup',
  title: 'Catch-up: replaying the topic into fresh stores with one projector process',
  relevantOptions: ['backlog'],

  async run({ stack, options, log }: ScenarioContext): Promise<ScenarioOutcome> {
    await stack.createDatabase();
    await stack.startKafka();
    await stack.startElasticsearch();
    const kafka = createKafka({ brokers: [`127.0.0.1:${stack.ports.kafka}`], clientId: 'bench' });
    await ensureTopics(kafka, [stack.topic, `${stack.topic}.dlq`]);
    log(`  producing ${options.backlog} MatchCompleted events to ${stack.topic}...`);
    await produce(kafka, stack.topic, options.backlog, stack.runId);
    log('  baseline: a bare kafkajs consumer reading the topic...');
    const baseline = await bareConsume(kafka, stack.topic, options.backlog, `bench-floor-${stack.runId}`);
    log('  a reader\'s Redis round trip before the replay...');
    const idle = await RedisStallProbe.measure(options.redisUrl, STALL_IDLE_MS);
    const stall = new RedisStallProbe(options.redisUrl);
    const started = nowMs();
    stall.start();
    await stack.startProjector();
    // Profiled from the moment the projector answers (it starts consuming while it boots).
    const { result: polled, profiles } = await profileDuring(
      [stack.service('projector'), stack.service('elasticsearch')],
      'the replay',
      stack.workDir,
      () => waitForCommitted(kafka, stack.topic, options.backlog),
    );
    const projectorSeconds = (nowMs() - started) / 1000;
    const during = await stall.stop();
    const perSecond = options.backlog / projectorSeconds;
    log(`  projector caught up: ${options.backlog} events into both stores in ${projectorSeconds.toFixed(1)} s (${Math.round(perSecond)} events/s per projection)`);
    return {
      tables: [
        {
          title: `Replaying ${options.backlog} events into fresh stores`,
          columns: ['path', 'events', 'seconds', 'events/s'],
          rows: [
            ['rankings-projector, both projections stored and committed (incl. process start)', options.backlog, projectorSeconds, perSecond],
            ['kafkajs bare consumer, read only (baseline)', options.backlog, baseline, options.backlog / baseline],
          ],
        },
        {
          title: 'A reader\'s Redis round trip (PING on its own connection, ms): what a page read waits for behind the apply scripts',
          columns: ['when', 'round trips', 'p50', 'p99', 'max'],
          rows: [stallRow('during the replay', during), stallRow(`idle, ${STALL_IDLE_MS / 1000} s before the replay (baseline)`, idle)],
        },
      ],
      targets: [
        evaluateTarget(
          { id: 'projector.catchup', source: 'issue 14', metric: 'catch-up rate per projector process', comparator: '>=', threshold: 20_000, unit: 'events/s' },
          perSecond,
          { label: 'kafkajs bare consumer', value: options.backlog / baseline },
        ),
      ],
      notes: [
        `${options.backlog} MatchCompleted events over ${roster.divisions} divisions × ${roster.athletesPerDivision} athletes (no registrations: partial documents, same write path); one projector process applies each event to Elasticsearch and to Redis, so it stores 2 × the events.`,
        `Measured from the projector's start to both consumer groups committing the topic's end (${polled.toFixed(1)} s of polling).`,
      ],
      profiles,
    };
  },
};

function stallRow(when: string, summary: LatencySummary | null): Array<string | number | null> {
  return [when, summary?.count ?? 0, summary?.p50 ?? null, summary?.p99 ?? null, summary?.max ?? null];
}

async function produce(kafka: Kafka, topic: string, count: number, prefix: string): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    const base = Date.now() - count;
    for (let i = 0; i < count; i += SEND_BATCH) {
      const messages = [];
      for (let n = i; n < Math.min(count, i + SEND_BATCH); n++) messages.push(kafkaMessageOf(matchCompletedEvent(roster, prefix, n, new Date(base + n))));
      await producer.send({ topic, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Seconds a bare consumer takes to read `count` messages from the start. */
async function bareConsume(kafka: Kafka, topic: string, count: number, groupId: string): Promise<number> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  let seen = 0;
  const started = nowMs();
  let finished = 0;
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        seen += batch.messages.length;
        if (seen >= count && !finished) finished = nowMs();
      },
    });
    while (!finished) await sleep(50);
    return (finished - started) / 1000;
  } finally {
    await consumer.disconnect();
  }
}

/** Polls both projection groups until each has committed `count` offsets; returns seconds polled. */
async function waitForCommitted(kafka: Kafka, topic: string, count: number): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const started = nowMs();
  try {
    for (;;) {
      const totals = await Promise.all(
        PROJECTIONS.map(async (p) => {
          const [entry] = await admin.fetchOffsets({ groupId: projectorGroupId(topic, p), topics: [topic] });
          return entry.partitions.reduce((sum, part) => sum + Math.max(0, Number(part.offset)), 0);
        }),
      );
      if (totals.every((t) => t >= count)) return (nowMs() - started) / 1000;
      if (nowMs() - started > 30 * 60_000) throw new Error(`projector did not catch up within 30 min (committed ${totals.join(', ')} of ${count})`);
      await sleep(200);
    }
  } finally {
    await admin.disconnect();
  }
}
