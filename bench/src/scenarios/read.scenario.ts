import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@app/ports';
import { runLoadStep, LoadRequest, LoadResult } from '../harness/http-load';
import { expectStatus, parseJson } from '../harness/http-client';
import { entryPoints } from '../harness/paths';
import { ServiceProcess } from '../harness/service-process';
import { profileDuring } from '../profiling/profile-step';
import type { ProfileSummary, ScenarioOutcome } from '../report/scenario-result';
import { evaluateTarget, TargetOutcome } from '../report/targets';
import { insertOutboxEvents, matchCompletedEvent } from '../seed/events';
import { athleteId, divisionId, Roster } from '../seed/roster';
import { seedMatchesInSql, seedRosterOverHttp } from '../seed/seeding';
import { waitForProjections } from '../seed/wait-for-projections';
import type { Scenario, ScenarioContext } from './scenario';

const POOL = 'e0000000';
/** Issue 15 states every read target at 50 clients. */
const TARGET_CONNECTIONS = 50;
const SETTLE_BETWEEN_STEPS_MS = 10_000;

const BASELINE = 'baseline: node:http + one Redis GET';
type Endpoint =
  | 'GET /divisions/:id/leaderboard'
  | 'GET /rankings (default page)'
  | 'GET /athletes/:id'
  | 'GET /rankings?q= (name search)'
  | 'GET /rankings?weightClass= (filter)'
  | 'GET /rankings (pages 2-3 by cursor)'
  | typeof BASELINE;

/** The steps Elasticsearch serves: profiled with rankings-query when chosen (--profile-step). */
const SEARCHED: Endpoint[] = ['GET /rankings?q= (name search)', 'GET /rankings?weightClass= (filter)'];

/** The p99 target of each endpoint at TARGET_CONNECTIONS (issue 15). */
const P99_TARGETS: Array<[Endpoint, number]> = [
  ['GET /rankings (default page)', 20],
  ['GET /athletes/:id', 20],
  ['GET /rankings?q= (name search)', 50],
  ['GET /rankings?weightClass= (filter)', 50],
];

export const readScenario: Scenario = {
  name: 'read',
  title: 'Read API: leaderboard, rankings pages, athlete page, search and filter vs a bare node:http server doing one Redis GET',
  relevantOptions: ['connections', 'duration', 'warmup', 'divisions', 'athletesPerDivision', 'results', 'profileStep'],

  async run(context: ScenarioContext): Promise<ScenarioOutcome> {
    const { stack, options, log } = context;
    const roster: Roster = { divisions: options.divisions, athletesPerDivision: options.athletesPerDivision };
    await stack.createDatabase();
    await stack.startKafka();
    await stack.startElasticsearch();
    await stack.startCommand();
    await stack.startRelay();
    await stack.startQuery();
    log(`  seeding ${roster.divisions} divisions × ${roster.athletesPerDivision} athletes over HTTP...`);
    await seedRosterOverHttp(stack.url('command'), roster, 16);
    log(`  seeding ${options.results} completed matches (rows and their MatchCompleted events) in SQL...`);
    const lastEvents = await seedResults(context, roster, options.results);
    log('  waiting for both projections to apply them...');
    for (let d = 0; d < roster.divisions; d++)
      await waitForProjections(stack.url('query'), divisionId(d), lastEvents[d], 300_000);

    const queryUrl = stack.url('query');
    const requests = await readRequests(queryUrl, roster);
    const baselineUrl = await startBaseline(context, queryUrl);

    const endpoints: Array<[Endpoint, string, LoadRequest[]]> = [
      ...(Object.entries(requests) as Array<[Endpoint, LoadRequest[]]>).map(([endpoint, list]): [Endpoint, string, LoadRequest[]] => [endpoint, queryUrl, list]),
      [BASELINE, baselineUrl, [{ method: 'GET', path: '/' }]],
    ];
    if (options.warmup > 0) {
      log(`  warm-up: ${options.warmup} s per endpoint at 50 connections`);
      for (const [, url, requests] of endpoints) await load(url, requests, 50, options.warmup);
    }
    const rows: Array<{ endpoint: Endpoint; result: LoadResult }> = [];
    const profiles: ProfileSummary[] = [];
    for (const connections of options.connections) {
      for (const [endpoint, url, requests] of endpoints) {
        log(`  ${endpoint}, ${connections} connections, ${options.duration} s`);
        const profiled = options.profile !== false && connections === TARGET_CONNECTIONS && endpoint.includes(options.profileStep) && endpoint !== BASELINE;
        const step = () => load(url, requests, connections, options.duration);
        const measured = profiled
          ? await profileDuring(
              SEARCHED.includes(endpoint) ? [stack.service('query'), stack.service('elasticsearch')] : [stack.service('query')],
              `${endpoint} at ${connections} connections`,
              stack.workDir,
              step,
            )
          : { result: await step(), profiles: [] };
        profiles.push(...measured.profiles);
        rows.push({ endpoint, result: measured.result });
        // Requests the step left in flight inside the service (and its Elasticsearch calls)
        // must not spill into the next step's figures.
        await sleep(SETTLE_BETWEEN_STEPS_MS);
      }
    }
    return summarize(rows, profiles, requests);
  },
};

function load(url: string, requests: LoadRequest[], connections: number, durationSeconds: number): Promise<LoadResult> {
  let i = 0;
  return runLoadStep({ url, connections, durationSeconds, nextRequest: () => requests[i++ % requests.length] });
}

/** Completed matches straight into Postgres with their events in the outbox, as the write side would commit them. */
async function seedResults(context: ScenarioContext, roster: Roster, count: number): Promise<string[]> {
  const pool = context.stack.pool();
  await seedMatchesInSql(pool, roster, POOL, 0, count);
  const last: string[] = [];
  const base = Date.UTC(2026, 0, 1);
  for (let from = 0; from < count; from += 2000) {
    const events = Array.from({ length: Math.min(2000, count - from) }, (_, i) =>
      matchCompletedEvent(roster, POOL, from + i, new Date(base + (from + i) * 1000)),
    );
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO match_results (match_id, winner_id, method, completed_at, revision, recorded_event_id, last_event_id)
         SELECT m, w, 'DECISION', c, 1, e, e FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::uuid[]) AS u(m, w, c, e)`,
        [
          events.map((e) => e.data.matchId),
          events.map((e) => e.data.winnerId),
          events.map((e) => e.data.completedAt),
          events.map((e) => e.eventId),
        ],
      );
      await insertOutboxEvents(client, events);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    for (const e of events) last[Number(e.divisionId.replace('bench-d', ''))] = e.eventId;
  }
  return last;
}

/**
 * The requests of each endpoint, cycled over every division: the default first page and
 * the leaderboard (both kept ready in Redis), athlete pages, pages 2 and 3 through real
 * `nextCursor` values, name searches (accent- and case-folded, prefix on the last word)
 * and a weight-class filter (Elasticsearch, ranks from Redis).
 */
async function readRequests(queryUrl: string, roster: Roster): Promise<Record<Exclude<Endpoint, typeof BASELINE>, LoadRequest[]>> {
  const out: Record<Exclude<Endpoint, typeof BASELINE>, LoadRequest[]> = {
    'GET /divisions/:id/leaderboard': [],
    'GET /rankings (default page)': [],
    'GET /athletes/:id': [],
    'GET /rankings?q= (name search)': [],
    'GET /rankings?weightClass= (filter)': [],
    'GET /rankings (pages 2-3 by cursor)': [],
  };
  const add = async (endpoint: keyof typeof out, path: string) => {
    await expectStatus('GET', `${queryUrl}${path}`, [200]);
    out[endpoint].push({ method: 'GET', path });
  };
  for (let d = 0; d < roster.divisions; d++) {
    const base = `/rankings?divisionId=${divisionId(d)}`;
    await add('GET /divisions/:id/leaderboard', `/divisions/${divisionId(d)}/leaderboard?top=10`);
    await add('GET /rankings (default page)', base);
    for (let a = 0; a < 10; a++) await add('GET /athletes/:id', `/athletes/${athleteId(d, (a * 97 + d) % roster.athletesPerDivision)}`);
    for (const q of ['jose', 'JOSÉ álv', 'silv', 'ana m']) await add('GET /rankings?q= (name search)', `${base}&q=${encodeURIComponent(q)}`);
    for (const wc of ['lightweight', 'flyweight']) await add('GET /rankings?weightClass= (filter)', `${base}&weightClass=${wc}`);
    let cursorPath = base;
    for (let page = 0; page < 2; page++) {
      const next = parseJson<{ nextCursor: string | null }>(await expectStatus('GET', `${queryUrl}${cursorPath}`, [200])).nextCursor;
      if (!next) break;
      cursorPath = `${base}&cursor=${encodeURIComponent(next)}`;
      await add('GET /rankings (pages 2-3 by cursor)', cursorPath);
    }
  }
  return out;
}

/** The baseline serves a real leaderboard body from one Redis key. */
async function startBaseline(context: ScenarioContext, queryUrl: string): Promise<string> {
  const { stack, cleanup, log } = context;
  const body = (await expectStatus('GET', `${queryUrl}/divisions/${divisionId(0)}/leaderboard?top=10`, [200])).body;
  const key = `${stack.redisPrefix}bench-baseline`;
  await stack.redis().set(key, body);
  const port = await freePort();
  await ServiceProcess.start(
    {
      name: 'redis-get-baseline',
      entry: entryPoints.redisGetServer,
      env: { ...stack.environment(), BENCH_BASELINE_PORT: String(port), BENCH_BASELINE_KEY: key },
      ready: { port },
    },
    { cleanup, logDir: stack.workDir, log },
  );
  return `http://127.0.0.1:${port}`;
}

function summarize(
  rows: Array<{ endpoint: Endpoint; result: LoadResult }>,
  profiles: ProfileSummary[],
  requests: Record<string, LoadRequest[]>,
): ScenarioOutcome {
  const find = (endpoint: Endpoint, connections: number) =>
    rows.find((r) => r.endpoint === endpoint && r.result.connections === connections)?.result;
  const baselineAtTarget = find(BASELINE, TARGET_CONNECTIONS);
  const failed = (r: LoadResult | undefined) => (r ? r.non2xx + r.errors : 0) > 0;
  const targets: TargetOutcome[] = [];
  const leaderboard = find('GET /divisions/:id/leaderboard', TARGET_CONNECTIONS);
  const ratio = evaluateTarget(
    {
      id: 'read.leaderboard.ratio',
      source: 'issue 15',
      metric: `GET /divisions/:id/leaderboard req/s at ${TARGET_CONNECTIONS} connections`,
      comparator: '>=',
      threshold: 0.7,
      unit: 'req/s',
      relativeToBaseline: true,
    },
    leaderboard?.okPerSecond ?? null,
    baselineAtTarget ? { label: 'bare node:http + Redis GET req/s', value: baselineAtTarget.okPerSecond } : null,
  );
  targets.push(failed(leaderboard) && ratio.met !== null ? { ...ratio, met: false } : ratio);
  for (const [endpoint, threshold] of P99_TARGETS) {
    const measured = find(endpoint, TARGET_CONNECTIONS);
    const outcome = evaluateTarget(
      { id: `read.p99.${endpoint}`, source: 'issue 15', metric: `${endpoint} p99 at ${TARGET_CONNECTIONS} connections`, comparator: '<', threshold, unit: 'ms' },
      measured?.latencyMs?.p99 ?? null,
      baselineAtTarget?.latencyMs ? { label: 'bare node:http + Redis GET p99', value: baselineAtTarget.latencyMs.p99 } : null,
    );
    // The p99 is over answered 2xx requests; any failed or timed-out request fails the target.
    targets.push(failed(measured) && outcome.met !== null ? { ...outcome, met: false } : outcome);
  }
  const notes = [
    `Distinct requests cycled per endpoint: ${Object.entries(requests).map(([e, list]) => `${e} ${list.length}`).join(', ')}. Leaderboard \`top=10\` and the default first page are one HMGET of bytes the projector keeps ready, athlete pages a division lookup and one script; pages 2-3 from Redis when the cursor's athlete kept its place; \`q\` (\`jose\`, \`JOSÉ álv\`, \`silv\`, \`ana m\`) and \`weightClass\` from Elasticsearch with ranks from one Redis script (a ZRANK per item) per page.`,
    'Baseline: a bare node:http process answering each request with one Redis GET of a real top-10 leaderboard body (same bytes on the wire).',
    `Steps are ${SETTLE_BETWEEN_STEPS_MS / 1000} s apart, so requests a slow step left queued in the service do not spill into the next one.`,
    'autocannon runs in the harness process on the same machine (closed loop, keep-alive); the service, the projector, the stand-ins, the baseline server and the load generator share the CPUs.',
  ];
  for (const { endpoint, result } of rows) {
    if (result.non2xx > 0 || result.errors > 0)
      notes.push(
        `${endpoint} at ${result.connections} connections: ${result.non2xx} non-2xx (${JSON.stringify(result.statusCodes)}), ${result.errors} errors, ${result.timeouts} timeouts.`,
      );
  }
  return {
    tables: [
      {
        title: 'Read throughput and latency',
        columns: ['endpoint', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'req/s ÷ baseline', 'non-2xx'],
        rows: rows.map(({ endpoint, result }) => {
          const base = find(BASELINE, result.connections);
          return [
            endpoint,
            result.connections,
            result.okPerSecond,
            result.latencyMs?.p50 ?? null,
            result.latencyMs?.p99 ?? null,
            result.latencyMs?.max ?? null,
            base && base.okPerSecond > 0 ? result.okPerSecond / base.okPerSecond : null,
            result.non2xx + result.errors,
          ];
        }),
      },
    ],
    targets,
    notes,
    profiles,
  };
}
