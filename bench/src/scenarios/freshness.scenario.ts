import { setTimeout as sleep } from 'node:timers/promises';
import { createKafka } from '@app/kafka';
import { nowMs } from '../harness/clock';
import { parseJson, request } from '../harness/http-client';
import { KafkaProbe } from '../harness/kafka-probe';
import { paceConcurrently } from '../harness/pacer';
import { VisibilityProbe } from '../harness/visibility-probe';
import { profileDuring } from '../profiling/profile-step';
import { LatencySummary, summarizeLatencies } from '../report/percentiles';
import type { ProfileSummary, ScenarioOutcome } from '../report/scenario-result';
import type { Cell } from '../report/table';
import { evaluateTarget, TargetOutcome } from '../report/targets';
import { matchId, resultBody, Roster } from '../seed/roster';
import { authHeaders, seedMatchesInSql, seedRosterOverHttp } from '../seed/seeding';
import { waitForProjections } from '../seed/wait-for-projections';
import type { Scenario, ScenarioContext } from './scenario';

const POOL = 'd0000000';
const roster: Roster = { divisions: 8, athletesPerDivision: 50 };
/** At most this many events per second are tracked for visibility (every k-th event). */
const TRACKED_PER_SECOND = 200;
const SETTLE_MS = 15_000;
const TARGET_RATE = 500;
/** Issue 14: steady 200 results/s with no fault, /health 200 throughout and lag under 1 s. */
const HEALTH_RATE = 200;
const HEALTH_LAG_LIMIT_MS = 1_000;
const HEALTH_POLL_MS = 250;

interface StepResult {
  rate: number;
  sent: number;
  ok: number;
  failed: number;
  /** Failed posts by HTTP status (`error` when no answer, `not sent` over the in-flight cap). */
  failures: Record<string, number>;
  achievedRate: number;
  tracked: number;
  relay: LatencySummary | null;
  elasticsearch: LatencySummary | null;
  redis: LatencySummary | null;
  notVisible: number;
  /** Why the step ran: a requested rate, the issue-14 health check, or the rate the write side sustained. */
  purpose: 'rate' | 'health' | 'sustained';
}

/** What /health and the freshness lag read while a step ran (the issue-14 no-fault check). */
interface HealthWatch {
  polls: number;
  /** Polls that did not answer 200, by service. */
  not200: Record<string, number>;
  /** Largest freshnessLagMs rankings-query reported, by projection. */
  maxLagMs: Record<string, number>;
  /** Polls whose /projections failed: the lag was unknown, which a pager reads as a fault. */
  lagUnknown: number;
}

export const freshnessScenario: Scenario = {
  name: 'freshness',
  title: 'End-to-end freshness: commit to visible in Elasticsearch and Redis',
  relevantOptions: ['rates', 'duration', 'warmup'],

  async run(context: ScenarioContext): Promise<ScenarioOutcome> {
    const { stack, options, log, cleanup } = context;
    await stack.createDatabase();
    await stack.startKafka();
    await stack.startElasticsearch();
    await stack.startCommand();
    await stack.startRelay();
    await stack.startQuery();
    log('  seeding divisions and athletes over HTTP, scheduled matches in SQL...');
    const lastEvents = await seedRosterOverHttp(stack.url('command'), roster);
    // Every requested rate, the no-fault step and a possible repeat at the sustained rate (< 0.9 × 500/s).
    const offered = [...options.rates, HEALTH_RATE, 0.9 * TARGET_RATE].reduce((sum, r) => sum + r * options.duration, 0);
    const needed = Math.ceil(offered * 1.2 + 200 * options.warmup + 1000);
    await seedMatchesInSql(stack.pool(), roster, POOL, 0, needed);
    for (let d = 0; d < roster.divisions; d++)
      await waitForProjections(stack.url('query'), `bench-d${d}`, lastEvents[d], 120_000);
    const projections = await projectionNames(stack.url('query'));

    const probe = await KafkaProbe.start(
      createKafka({ brokers: [`127.0.0.1:${stack.ports.kafka}`], clientId: 'bench' }),
      [stack.topic],
      `bench-probe-${stack.runId}`,
    );
    cleanup.add('stop the Kafka probe', () => probe.stop());
    const visibility = new VisibilityProbe(stack.redis(), stack.redisPrefix, projections);
    cleanup.add('stop the visibility probe', () => visibility.stop());
    await visibility.started();

    let next = 0;
    if (options.warmup > 0) {
      log(`  warm-up: 100 results/s for ${options.warmup} s`);
      const warm = await writeAtRate(context, 100, options.warmup, next, probe, visibility, projections, 'rate');
      next += warm.sent;
    }
    const steps: StepResult[] = [];
    const profiles: ProfileSummary[] = [];
    const step = async (rate: number, purpose: StepResult['purpose'], profile: boolean) => {
      const from = next;
      const run = () => writeAtRate(context, rate, options.duration, from, probe, visibility, projections, purpose);
      if (profile) {
        const measured = await profileDuring(
          (['relay', 'projector', 'elasticsearch'] as const).map((name) => stack.service(name)),
          `the ${rate}/s step`,
          stack.workDir,
          run,
        );
        profiles.push(...measured.profiles);
        steps.push(measured.result);
      } else {
        steps.push(await run());
      }
      next = from + (steps.at(-1)?.sent ?? 0);
      return steps.at(-1) as StepResult;
    };

    log(`  no fault: ${HEALTH_RATE} results/s for ${options.duration} s, /health of query and projector and the lag polled every ${HEALTH_POLL_MS} ms`);
    const watch = await watchHealth(stack.url('query'), stack.url('projector'), () => step(HEALTH_RATE, 'health', false));
    for (const rate of options.rates) {
      log(`  ${rate} results/s for ${options.duration} s`);
      const measured = await step(rate, 'rate', rate === TARGET_RATE);
      // Issue 14: "if the write side cannot offer 500/s, say so and measure at what it sustains".
      if (rate === TARGET_RATE && measured.achievedRate < 0.9 * rate) {
        const sustained = sustainableRate(measured.achievedRate);
        log(`  the write side sustained ${measured.achievedRate.toFixed(0)}/s of ${rate}/s: measuring at ${sustained}/s`);
        await step(sustained, 'sustained', false);
      }
    }
    return summarize(steps, projections, profiles, watch);
  },
};

async function projectionNames(queryUrl: string): Promise<string[]> {
  const response = await request('GET', `${queryUrl}/projections`);
  const names = parseJson<Array<{ name: string }>>(response).map((p) => p.name);
  for (const wanted of ['elasticsearch', 'redis']) {
    if (!names.includes(wanted))
      throw new Error(`GET /projections lists ${JSON.stringify(names)}, no "${wanted}" projection to measure`);
  }
  return ['elasticsearch', 'redis'];
}

async function writeAtRate(
  context: ScenarioContext,
  rate: number,
  seconds: number,
  firstMatch: number,
  probe: KafkaProbe,
  visibility: VisibilityProbe,
  projections: string[],
  purpose: StepResult['purpose'],
): Promise<StepResult> {
  const every = Math.max(1, Math.ceil(rate / TRACKED_PER_SECOND));
  const committed = new Map<string, number>();
  const tracked = new Map<string, number>();
  let ok = 0;
  let failed = 0;
  const failures: Record<string, number> = {};
  const url = context.stack.url('command');
  const paced = await paceConcurrently(rate, seconds, 512, async (i) => {
    const n = firstMatch + i;
    const response = await request('POST', `${url}/matches/${matchId(POOL, n)}/result`, {
      body: JSON.parse(resultBody(roster, n)) as unknown,
      headers: authHeaders,
    }).catch(() => null);
    const at = nowMs();
    if (response?.status !== 201) {
      failed++;
      const key = response ? String(response.status) : 'error';
      failures[key] = (failures[key] ?? 0) + 1;
      return;
    }
    ok++;
    const { eventId } = parseJson<{ eventId: string }>(response);
    committed.set(eventId, at);
    if (i % every === 0) {
      tracked.set(eventId, at);
      visibility.track(eventId, at);
    }
  });
  await probe.waitFor(committed.keys(), SETTLE_MS);
  const notVisible = await visibility.drain(SETTLE_MS);
  const startedAt = await transactionStarts(context, [...committed.keys()]);
  const latencies = (seen: Map<string, number> | undefined, of: Map<string, number>) =>
    summarizeLatencies(
      [...of].map(([id, answeredAt]) => {
        const from = startedAt.get(id) ?? answeredAt;
        // Never seen: counted as the whole wait (a lower bound), so a loss cannot flatter the tail.
        return (seen?.get(id) ?? answeredAt + SETTLE_MS) - from;
      }),
    );
  return {
    rate,
    sent: paced.sent,
    ok,
    failed: failed + paced.skipped,
    failures: paced.skipped > 0 ? { ...failures, 'not sent': paced.skipped } : failures,
    achievedRate: ok / seconds,
    tracked: tracked.size,
    relay: latencies(probe.arrivals, committed),
    elasticsearch: latencies(visibility.visibleAt.get(projections[0]), tracked),
    redis: latencies(visibility.visibleAt.get(projections[1]), tracked),
    notVisible,
    purpose,
  };
}

/**
 * The rate to measure at when the target rate was not sustained: 90 % of what was
 * achieved, in tens (an open loop that overruns the write side degrades it further, so
 * the achieved rate itself is not sustainable).
 */
function sustainableRate(achieved: number): number {
  return Math.max(10, Math.floor((achieved * 0.9) / 10) * 10);
}

/**
 * Polls /health of rankings-query and rankings-projector and rankings-query's
 * /projections every HEALTH_POLL_MS while `during` runs. A poll that fails or times out
 * counts as not 200, as a pager would see it.
 */
async function watchHealth(queryUrl: string, projectorUrl: string, during: () => Promise<unknown>): Promise<HealthWatch> {
  const watch: HealthWatch = { polls: 0, not200: { 'rankings-query': 0, 'rankings-projector': 0 }, maxLagMs: {}, lagUnknown: 0 };
  const status = (url: string) =>
    request('GET', url, { timeoutMs: 5_000 }).then(
      (r) => r.status,
      () => 0,
    );
  let running = true;
  const poll = async () => {
    while (running) {
      const started = Date.now();
      const [query, projector, projections] = await Promise.all([
        status(`${queryUrl}/health`),
        status(`${projectorUrl}/health`),
        request('GET', `${queryUrl}/projections`, { timeoutMs: 5_000 }).catch(() => null),
      ]);
      watch.polls++;
      if (query !== 200) watch.not200['rankings-query']++;
      if (projector !== 200) watch.not200['rankings-projector']++;
      const reports = projections?.status === 200 ? parseJson<Array<{ name: string; freshnessLagMs: number }>>(projections) : [];
      for (const p of reports) watch.maxLagMs[p.name] = Math.max(watch.maxLagMs[p.name] ?? 0, p.freshnessLagMs);
      if (projections?.status !== 200) watch.lagUnknown++;
      await sleep(Math.max(0, HEALTH_POLL_MS - (Date.now() - started)));
    }
  };
  const polling = poll();
  try {
    await during();
  } finally {
    running = false;
    await polling;
  }
  return watch;
}

/**
 * When each event's transaction started (outbox.created_at, µs): the commit came a few
 * ms later, so latencies from it are upper bounds by the transaction's own length. The
 * harness's receipt of the 201 is no use as a start: under load the answer can arrive
 * after the event has already gone through Kafka.
 */
async function transactionStarts(context: ScenarioContext, eventIds: string[]): Promise<Map<string, number>> {
  const starts = new Map<string, number>();
  for (let i = 0; i < eventIds.length; i += 5000) {
    const { rows } = await context.stack
      .pool()
      .query<{ event_id: string; ms: number }>(
        'SELECT event_id, extract(epoch FROM created_at)::float8 * 1000 AS ms FROM outbox WHERE event_id = ANY($1::uuid[])',
        [eventIds.slice(i, i + 5000)],
      );
    for (const row of rows) starts.set(row.event_id, row.ms);
  }
  return starts;
}

function latencyCells(s: LatencySummary | null): Cell[] {
  return [s?.p50 ?? null, s?.p99 ?? null, s?.max ?? null];
}

function summarize(steps: StepResult[], projections: string[], profiles: ProfileSummary[], watch: HealthWatch): ScenarioOutcome {
  const atTarget = steps.find((s) => s.purpose === 'rate' && s.rate === TARGET_RATE);
  const sustained = steps.find((s) => s.purpose === 'sustained');
  const health = steps.find((s) => s.purpose === 'health');
  const targets: TargetOutcome[] = [
    ...projections.map((p) => visibilityTarget(p, atTarget, TARGET_RATE, '')),
    ...(sustained ? projections.map((p) => visibilityTarget(p, sustained, sustained.rate, ' (the rate the write side sustained)')) : []),
    ...healthTargets(health, watch),
  ];
  const notes = [
    'Writes: result posts over HTTP, open loop at the given rate (a request is sent when due, whether or not earlier ones answered); each records a different scheduled match across 8 divisions. "Commit" is the start of the writing transaction (outbox.created_at): the commit follows within the transaction’s few ms, so every latency here is an upper bound by that much.',
    `Visible: the projector's applied notification for the event arrived (published after each stored batch, the path \`waitFor\` is answered from: Redis from the same atomic script that stores the data, Elasticsearch after its bulk request made the documents searchable). Up to ${TRACKED_PER_SECOND} events/s are tracked (every k-th event at higher rates).`,
    'Relay-only (the baseline): the same events seen by a plain kafkajs consumer of the topic, i.e. commit → outbox relay → Kafka → a consumer, without any projection work.',
    `No-fault check (issue 14): during the ${HEALTH_RATE}/s step, \`/health\` of rankings-query and rankings-projector and rankings-query's \`/projections\` were polled every ${HEALTH_POLL_MS} ms (${watch.polls} polls); a poll that failed counts as not 200, a failed \`/projections\` as an unknown lag (${watch.lagUnknown} polls), which fails the lag check.`,
  ];
  if (atTarget && atTarget.achievedRate < 0.9 * TARGET_RATE)
    notes.push(
      `**The write side did not sustain ${TARGET_RATE} results/s** (${atTarget.achievedRate.toFixed(0)}/s achieved, with everything on this machine's CPUs): the ${TARGET_RATE}/s targets are not measured (a p99 at a lower rate says nothing about them)${sustained ? `, and the step was repeated at ${sustained.rate}/s, 90 % of what was achieved, to give the freshness at a rate the write side sustains` : ''}.`,
    );
  for (const s of steps) {
    if (s.failed > 0)
      notes.push(
        `${s.rate}/s step: ${s.failed} result posts failed or were not sent (${JSON.stringify(s.failures)}; "not sent" = 512 already in flight).`,
      );
    if (s.achievedRate < 0.9 * s.rate) {
      notes.push(
        `**${s.rate}/s step: the write path sustained only ${s.achievedRate.toFixed(0)} results/s** on this machine with the whole stack running, so its latencies are those of that lower rate.`,
      );
    }
    if (s.notVisible > 0)
      notes.push(
        `${s.rate}/s step: ${s.notVisible} tracked events not visible in every projection within ${SETTLE_MS} ms (counted at ${SETTLE_MS} ms).`,
      );
  }
  return {
    tables: [
      {
        title: 'Commit → visible latency (ms) by sustained write rate',
        columns: [
          'step',
          'results/s',
          'achieved',
          'tracked',
          'relay-only p50',
          'p99',
          'max',
          'Elasticsearch p50',
          'p99',
          'max',
          'Redis p50',
          'p99',
          'max',
        ],
        rows: steps.map((s) => [
          s.purpose === 'health' ? 'no-fault check' : s.purpose === 'sustained' ? 'at the sustained rate' : 'requested rate',
          s.rate,
          s.achievedRate,
          s.tracked,
          ...latencyCells(s.relay),
          ...latencyCells(s.elasticsearch),
          ...latencyCells(s.redis),
        ]),
      },
      {
        title: `No-fault check: ${HEALTH_RATE} results/s, /health and freshness lag polled every ${HEALTH_POLL_MS} ms`,
        columns: ['polls', 'rankings-query /health not 200', 'rankings-projector /health not 200', ...projections.map((p) => `${p} max lag ms`)],
        rows: [[watch.polls, watch.not200['rankings-query'], watch.not200['rankings-projector'], ...projections.map((p) => watch.maxLagMs[p] ?? null)]],
      },
    ],
    targets,
    notes,
    profiles,
  };
}

function visibilityTarget(projection: string, step: StepResult | undefined, rate: number, why: string): TargetOutcome {
  const outcome = evaluateTarget(
    {
      id: `freshness.${projection}.p99${why ? '.sustained' : ''}`,
      source: 'issue 14',
      metric: `commit-to-visible p99 in ${projection} at ${rate} results/s${why}`,
      comparator: '<',
      threshold: 100,
      unit: 'ms',
    },
    step ? ((projection === 'redis' ? step.redis : step.elasticsearch)?.p99 ?? null) : null,
    step?.relay ? { label: `relay-only p99 at ${rate}/s`, value: step.relay.p99 } : null,
  );
  // A p99 under the bar at a lower rate than the step's says nothing about that rate (one
  // over it does: the same work at a lower rate was already too slow).
  const underRate = !step || step.achievedRate < 0.9 * rate;
  return underRate && outcome.met === true ? { ...outcome, met: null } : outcome;
}

/** Issue 14's no-fault check; a pass is not measured when the write side did not offer the rate (a failure stands). */
function healthTargets(step: StepResult | undefined, watch: HealthWatch): TargetOutcome[] {
  const offered = step !== undefined && step.achievedRate >= 0.9 * HEALTH_RATE && watch.polls > 0;
  const notOk = watch.not200['rankings-query'] + watch.not200['rankings-projector'];
  const lag = Math.max(...Object.values(watch.maxLagMs), watch.polls > 0 ? 0 : Number.NaN);
  const seconds = step ? Math.round(step.sent / step.rate) : 0;
  const outcomes = [
    evaluateTarget(
      {
        id: 'freshness.no-fault.health',
        source: 'issue 14',
        metric: `/health polls of rankings-query and rankings-projector not answering 200 at a steady ${HEALTH_RATE} results/s for ${seconds} s`,
        comparator: '<=',
        threshold: 0,
        unit: 'polls',
      },
      watch.polls > 0 ? notOk : null,
    ),
    evaluateTarget(
      {
        id: 'freshness.no-fault.lag',
        source: 'issue 14',
        metric: `largest freshness lag (rankings-query /projections) at a steady ${HEALTH_RATE} results/s for ${seconds} s`,
        comparator: '<',
        threshold: HEALTH_LAG_LIMIT_MS,
        unit: 'ms',
      },
      Number.isFinite(lag) ? lag : null,
    ),
  ];
  if (watch.lagUnknown > 0) outcomes[1] = { ...outcomes[1], met: false };
  return offered ? outcomes : outcomes.map((o) => (o.met === true ? { ...o, met: null } : o));
}
