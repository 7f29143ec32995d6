import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { nowMs } from '../harness/clock';
import { UnavailableError } from '../harness/errors';
import { entryPoints, repoRoot } from '../harness/paths';
import { CpuProfile, summarizeCpuProfile } from '../profiling/cpu-profile-summary';
import { profileDuring } from '../profiling/profile-step';
import type { ProfileSummary, ScenarioOutcome } from '../report/scenario-result';
import { evaluateTarget } from '../report/targets';
import type { Roster } from '../seed/roster';
import { seedMatchesInSql } from '../seed/seeding';
import type { Scenario, ScenarioContext } from './scenario';

const POOL = 'f0000000';
const DIVISIONS = 20;
const TARGET_SECONDS = 60;
const TARGET_MATCHES = 1_000_000;

interface ReindexRun {
  seconds: number;
  exitCode: number;
  summary: { documentsThisRun?: number; seconds?: number; documentsPerSecond?: number } | null;
  stderr: string;
}

export const rebuildScenario: Scenario = {
  name: 'rebuild',
  title: 'Rebuild: `ops reindex` from Postgres vs streaming the same rows out of Postgres',
  relevantOptions: ['matches', 'athletes'],

  async run(context: ScenarioContext): Promise<ScenarioOutcome> {
    const { stack, options, log } = context;
    if (!existsSync(path.join(repoRoot, entryPoints.ops)))
      throw new UnavailableError(`the ops CLI is not available: ${entryPoints.ops} does not exist after the build`);
    const roster: Roster = { divisions: DIVISIONS, athletesPerDivision: Math.max(2, Math.round(options.athletes / DIVISIONS)) };
    const athletes = roster.divisions * roster.athletesPerDivision;
    await stack.createDatabase();
    await stack.startElasticsearch();
    const pool = stack.pool();
    log(`  seeding ${athletes} athletes and ${options.matches} completed matches in SQL...`);
    const seedStart = nowMs();
    await seedRoster(pool, roster);
    await seedMatchesInSql(pool, roster, POOL, 0, options.matches);
    await pool.query(`
      INSERT INTO match_results (match_id, winner_id, method, completed_at, revision, recorded_event_id, last_event_id)
      SELECT id, CASE WHEN n % 6 = 5 THEN NULL ELSE red_athlete_id END, CASE WHEN n % 6 = 5 THEN 'DRAW' ELSE 'DECISION' END,
             timestamptz '2026-01-01' + n * interval '1 second', 1, gen_random_uuid(), gen_random_uuid()
        FROM (SELECT id, red_athlete_id, ('x' || right(id::text, 12))::bit(48)::bigint AS n FROM matches) m`);
    await pool.query('VACUUM ANALYZE');
    const seedSeconds = (nowMs() - seedStart) / 1000;

    log('  baseline: streaming every match row out of Postgres in keyset batches');
    const streamed = await streamMatches(pool);
    log('  baseline: reading every athlete with its matches aggregated, in keyset batches of 1000');
    const aggregated = await streamAthletesWithMatches(pool);

    log('  ops reindex...');
    const measured = await profileDuring([stack.service('elasticsearch')], 'the reindex', stack.workDir, () =>
      runReindex(context),
    );
    const reindex = measured.result;
    if (reindex.exitCode !== 0) throw new Error(`ops reindex exited with ${reindex.exitCode}:\n${reindex.stderr.slice(-2000)}`);
    const count = await countDocuments(stack.environment().ELASTICSEARCH_URL ?? '', stack.alias);
    const profiles: ProfileSummary[] = [...measured.profiles, ...opsProfile(stack.workDir)];
    return summarize(options.matches, athletes, seedSeconds, streamed, aggregated, reindex, count, profiles);
  },
};

async function seedRoster(pool: Pool, roster: Roster): Promise<void> {
  await pool.query(
    `INSERT INTO divisions (id, name, created_event_id) SELECT 'bench-d' || d, 'Bench division ' || d, gen_random_uuid() FROM generate_series(0, $1::int - 1) d`,
    [roster.divisions],
  );
  await pool.query(
    `INSERT INTO athletes (id, division_id, name, weight_class, country, created_event_id)
     SELECT 'bench-d' || d || '-a' || a, 'bench-d' || d, 'Athlete ' || d || ' ' || a,
            (ARRAY['flyweight','bantamweight','featherweight','lightweight','welterweight'])[a % 5 + 1], 'BR', gen_random_uuid()
       FROM generate_series(0, $1::int - 1) d, generate_series(0, $2::int - 1) a`,
    [roster.divisions, roster.athletesPerDivision],
  );
}

interface Streamed {
  rows: number;
  seconds: number;
}

/** Baseline 1: every (match, result) row out of Postgres and parsed by pg, nothing written. */
async function streamMatches(pool: Pool): Promise<Streamed> {
  const start = nowMs();
  let after = '00000000-0000-0000-0000-000000000000';
  let rows = 0;
  for (let i = 0; i < 10_000; i++) {
    const result = await pool.query<{ id: string }>(
      `SELECT m.id, m.division_id, m.red_athlete_id, m.blue_athlete_id, r.winner_id, r.method, r.completed_at, r.revision
         FROM matches m JOIN match_results r ON r.match_id = m.id WHERE m.id > $1 ORDER BY m.id LIMIT 10000`,
      [after],
    );
    if (result.rows.length === 0) break;
    rows += result.rows.length;
    after = result.rows[result.rows.length - 1].id;
  }
  return { rows, seconds: (nowMs() - start) / 1000 };
}

/** Baseline 2: what a rebuild must read (each athlete with all its results), discarded. */
async function streamAthletesWithMatches(pool: Pool): Promise<Streamed> {
  const start = nowMs();
  let after = '';
  let rows = 0;
  for (let i = 0; i < 10_000; i++) {
    const result = await pool.query<{ id: string }>(
      `SELECT a.id, a.division_id, a.name, a.weight_class, a.country,
              (SELECT json_agg(json_build_array(m.id, m.red_athlete_id, m.blue_athlete_id, r.winner_id, r.completed_at, r.revision))
                 FROM matches m JOIN match_results r ON r.match_id = m.id
                WHERE m.red_athlete_id = a.id OR m.blue_athlete_id = a.id) AS results
         FROM athletes a WHERE a.id > $1 ORDER BY a.id LIMIT 1000`,
      [after],
    );
    if (result.rows.length === 0) break;
    rows += result.rows.length;
    after = result.rows[result.rows.length - 1].id;
  }
  return { rows, seconds: (nowMs() - start) / 1000 };
}

function runReindex(context: ScenarioContext): Promise<ReindexRun> {
  const { stack, options } = context;
  // Profiled only when asked: `--no-profile` runs the command as an operator would.
  const profiling = options.profile ? [`--cpu-prof`, `--cpu-prof-dir=${path.join(stack.workDir, 'ops-profile')}`] : [];
  const args = [
    ...profiling,
    path.join(repoRoot, entryPoints.ops),
    '--json',
    'reindex',
  ];
  const start = nowMs();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: repoRoot, env: stack.environment(), maxBuffer: 64 * 1024 * 1024, timeout: 30 * 60_000 },
      (error, stdout, stderr) => {
        const seconds = (nowMs() - start) / 1000;
        const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        const line = stdout.trim().split('\n').at(-1) ?? '';
        let summary: ReindexRun['summary'] = null;
        try {
          summary = JSON.parse(line) as ReindexRun['summary'];
        } catch {
          summary = null;
        }
        resolve({ seconds, exitCode, summary, stderr: `${stderr}\n${stdout}` });
      },
    );
  });
}

async function countDocuments(esUrl: string, alias: string): Promise<number | null> {
  const response = await fetch(`${esUrl}/${alias}/_count`).catch(() => null);
  if (!response?.ok) return null;
  return ((await response.json()) as { count?: number }).count ?? null;
}

/** The ops process ran with --cpu-prof unless `--no-profile` (it exits normally, so the profile is written). */
function opsProfile(workDir: string): ProfileSummary[] {
  const dir = path.join(workDir, 'ops-profile');
  if (!existsSync(dir)) return [];
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return [];
  const raw = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
  return [{ process: 'ops reindex', window: 'the whole command', file: path.join(dir, file), ...summarizeCpuProfile(raw) }];
}

function summarize(
  matches: number,
  athletes: number,
  seedSeconds: number,
  streamed: Streamed,
  aggregated: Streamed,
  reindex: ReindexRun,
  documents: number | null,
  profiles: ProfileSummary[],
): ScenarioOutcome {
  const docs = reindex.summary?.documentsThisRun ?? documents;
  const notes = [
    `Seeded in SQL (${seedSeconds.toFixed(1)} s, not part of any figure): ${DIVISIONS} divisions, ${athletes} athletes, ${matches} matches each with a result.`,
    'Total time is the wall time of `node dist/apps/ops/src/main.js --json reindex` (process start to exit: snapshot, bulk writes, verification, alias swap); the build time is what the command itself reports.',
    'Baselines, same database, same run: (1) every match row joined with its result streamed out in keyset batches of 10,000; (2) every athlete with its results aggregated (json_agg), in keyset batches of 1,000 — the read a rebuild cannot avoid. Ratio = reindex time ÷ baseline time: the rest is the rebuild’s own work (computing documents, Elasticsearch bulk writes, verification).',
    `Documents behind the alias after the swap: ${documents ?? 'could not count'}.`,
  ];
  const matchesPerSecond = matches / reindex.seconds;
  return {
    tables: [
      {
        title: 'Rebuild and its baselines',
        columns: ['what', 'rows / docs', 'seconds', 'per second', 'time ÷ reindex'],
        rows: [
          ['ops reindex, total wall time', docs, reindex.seconds, docs === null ? null : docs / reindex.seconds, 1],
          [
            'ops reindex, build as reported',
            docs,
            reindex.summary?.seconds ?? null,
            reindex.summary?.documentsPerSecond ?? null,
            (reindex.summary?.seconds ?? NaN) / reindex.seconds,
          ],
          ['matches rebuilt per second (total)', matches, reindex.seconds, matchesPerSecond, 1],
          [
            'baseline 1: stream match rows',
            streamed.rows,
            streamed.seconds,
            streamed.rows / streamed.seconds,
            streamed.seconds / reindex.seconds,
          ],
          [
            'baseline 2: athletes with aggregated results',
            aggregated.rows,
            aggregated.seconds,
            aggregated.rows / aggregated.seconds,
            aggregated.seconds / reindex.seconds,
          ],
        ],
      },
    ],
    targets: [
      evaluateTarget(
        {
          id: 'rebuild.seconds',
          source: 'issue 7',
          metric: `reindex of ${matches.toLocaleString('en-US')} matches (${athletes.toLocaleString('en-US')} athletes), total`,
          comparator: '<',
          threshold: (TARGET_SECONDS * matches) / TARGET_MATCHES,
          unit: 's',
        },
        reindex.seconds,
        { label: 'baseline 2 (aggregated read)', value: aggregated.seconds },
      ),
    ],
    notes,
    profiles,
  };
}
