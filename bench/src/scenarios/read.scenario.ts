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
import { divisionId, Roster } from '../seed/roster';
import { seedMatchesInSql, seedRosterOverHttp } from '../seed/seeding';
import { waitForProjections } from '../seed/wait-for-projections';
import type { Scenario, ScenarioContext } from './scenario';

const POOL = 'e0000000';
const TARGET_CONNECTIONS = 200;
const SETTLE_BETWEEN_STEPS_MS = 10_000;

type Endpoint = 'GET /rankings (mix)' | 'GET /divisions/:id/leaderboard' | 'baseline: node:http + one Redis GET';

export const readScenario: Scenario = {
  name: 'read',
  title: 'Read API: /rankings and leaderboard vs a bare node:http server doing one Redis GET',
  relevantOptions: ['connections', 'duration', 'warmup', 'divisions', 'athletesPerDivision', 'results'],

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
    await seedRosterOverHttp(stack.url('command'), roster, 64);
    log(`  seeding ${options.results} completed matches (rows and their MatchCompleted events) in SQL...`);
    const lastEvents = await seedResults(context, roster, options.results);
    log('  waiting for both projections to apply them...');
    for (let d = 0; d < roster.divisions; d++)
      await waitForProjections(stack.url('query'), divisionId(d), lastEvents[d], 300_000);

    const queryUrl = stack.url('query');
    const rankings = await rankingsRequests(queryUrl, roster.divisions);
    const leaderboards = Array.from({ length: roster.divisions }, (_, d): LoadRequest => ({
      method: 'GET',
      path: `/divisions/${divisionId(d)}/leaderboard?top=10`,
    }));
    const baselineUrl = await startBaseline(context, queryUrl);

    const endpoints: Array<[Endpoint, string, LoadRequest[]]> = [
      ['GET /rankings (mix)', queryUrl, rankings],
      ['GET /divisions/:id/leaderboard', queryUrl, leaderboards],
      ['baseline: node:http + one Redis GET', baselineUrl, [{ method: 'GET', path: '/' }]],
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
        const profiled = connections === TARGET_CONNECTIONS && endpoint === 'GET /rankings (mix)';
        const step = () => load(url, requests, connections, options.duration);
        const measured = profiled
          ? await profileDuring(
              [stack.service('query'), stack.service('elasticsearch')],
              `GET /rankings at ${connections} connections`,
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
    return summarize(rows, profiles, rankings.length);
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

/** A realistic mix: first pages, a weight-class filter, accent-folded and prefix searches, and later pages via real cursors. */
async function rankingsRequests(queryUrl: string, divisions: number): Promise<LoadRequest[]> {
  const requests: LoadRequest[] = [];
  for (let d = 0; d < divisions; d++) {
    const base = `/rankings?divisionId=${divisionId(d)}`;
    const paths = [
      base,
      `${base}&size=50&weightClass=lightweight`,
      `${base}&q=jose`,
      `${base}&q=${encodeURIComponent('JOSÉ álv')}`,
      `${base}&q=silv`,
    ];
    let cursorPath = `${base}&size=20`;
    for (let page = 0; page < 2; page++) {
      const response = await expectStatus('GET', `${queryUrl}${cursorPath}`, [200]);
      const next = parseJson<{ nextCursor: string | null }>(response).nextCursor;
      if (!next) break;
      cursorPath = `${base}&size=20&cursor=${encodeURIComponent(next)}`;
      paths.push(cursorPath);
    }
    for (const path of paths) {
      await expectStatus('GET', `${queryUrl}${path}`, [200]);
      requests.push({ method: 'GET', path });
    }
  }
  return requests;
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
  mixSize: number,
): ScenarioOutcome {
  const find = (endpoint: Endpoint, connections: number) =>
    rows.find((r) => r.endpoint === endpoint && r.result.connections === connections)?.result;
  const targets: TargetOutcome[] = [];
  const baselineAtTarget = find('baseline: node:http + one Redis GET', TARGET_CONNECTIONS);
  for (const endpoint of ['GET /rankings (mix)', 'GET /divisions/:id/leaderboard'] as const) {
    const measured = find(endpoint, TARGET_CONNECTIONS);
    const outcome = evaluateTarget(
      {
        id: `read.p99.${endpoint}`,
        source: 'issue 6',
        metric: `${endpoint} p99 at ${TARGET_CONNECTIONS} connections`,
        comparator: '<',
        threshold: 20,
        unit: 'ms',
      },
      measured?.latencyMs?.p99 ?? null,
      baselineAtTarget?.latencyMs ? { label: 'bare node:http + Redis GET p99', value: baselineAtTarget.latencyMs.p99 } : null,
    );
    // The p99 is over answered 2xx requests; any failed or timed-out request fails the target.
    const failures = measured ? measured.non2xx + measured.errors : 0;
    targets.push(failures > 0 && outcome.met !== null ? { ...outcome, met: false } : outcome);
  }
  const notes = [
    `GET /rankings mix: ${mixSize} distinct requests cycled over every division: first page, size 50 with a weight-class filter, \`q=jose\`, \`q=JOSÉ álv\` (accent- and case-folded, prefix on the last word), \`q=silv\` (prefix), and pages 2 and 3 through real \`nextCursor\` values.`,
    'Leaderboard: `GET /divisions/:id/leaderboard?top=10` over every division. Baseline: a bare node:http process answering each request with one Redis GET of a real top-10 leaderboard body (same bytes on the wire).',
    `Steps are ${SETTLE_BETWEEN_STEPS_MS / 1000} s apart, so requests a slow step left queued in the service do not spill into the next one.`,
    'autocannon runs in the harness process on the same machine (closed loop, keep-alive); the service, the baseline server and the load generator share the CPUs, as they would for both sides.',
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
          const base = find('baseline: node:http + one Redis GET', result.connections);
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
