import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BenchStack, ServiceName } from './harness/bench-stack';
import { Cleanup } from './harness/cleanup';
import { describeError, UnavailableError } from './harness/errors';
import { describeMachine, gitCommit } from './harness/machine';
import { benchmarksDoc, resultsDir } from './harness/paths';
import { renderScenarioSection, upsertSection } from './report/markdown';
import type { ScenarioOutcome, ScenarioResult, ScenarioStatus } from './report/scenario-result';
import { formatCell, renderConsoleTable } from './report/table';
import { describeTarget, verdict } from './report/targets';
import type { BenchOptions, Scenario } from './scenarios/scenario';
import { DOC_INTRO } from './report/doc-intro';

export interface RunnerHooks {
  log: (message: string) => void;
  /** The cleanup of the scenario running now, for the Ctrl-C handler. */
  onCleanup: (cleanup: Cleanup | null) => void;
}

/**
 * Runs one scenario from a clean slate to a clean slate: everything it starts is undone
 * whatever happens, and its result (figures, or the reason there are none) is written
 * as JSON and into docs/benchmarks.md.
 */
export async function runScenario(
  scenario: Scenario,
  options: BenchOptions,
  command: string,
  hooks: RunnerHooks,
): Promise<ScenarioResult> {
  const { log } = hooks;
  const cleanup = new Cleanup();
  hooks.onCleanup(cleanup);
  const startedAt = new Date();
  const loadAtStart = os.loadavg()[0];
  const stack = new BenchStack(
    {
      postgresUrl: options.postgresUrl,
      redisUrl: options.redisUrl,
      profile: options.profile ? profiledServices(scenario.name) : [],
    },
    cleanup,
    log,
  );
  log(`\n▶ ${scenario.name}: ${scenario.title}  (run ${stack.runId}, logs in ${stack.workDir})`);
  const { commit, dirty } = gitCommit();
  let status: ScenarioStatus = 'ok';
  let error: string | null = null;
  let outcome: ScenarioOutcome = { tables: [], targets: [], notes: [], profiles: [] };
  try {
    outcome = await scenario.run({ options, stack, cleanup, log });
  } catch (e) {
    status = e instanceof UnavailableError ? 'unavailable' : 'failed';
    error = describeError(e);
  } finally {
    log('  cleaning up...');
    await cleanup.run(log);
    hooks.onCleanup(null);
  }
  const result: ScenarioResult = {
    scenario: scenario.name,
    title: scenario.title,
    status,
    error,
    run: {
      startedAt: startedAt.toISOString(),
      commit,
      dirty,
      command,
      durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
      loadAverage: { start: loadAtStart, end: os.loadavg()[0] },
    },
    machine: await describeMachine(options.postgresUrl),
    options: Object.fromEntries(scenario.relevantOptions.map((k) => [k, options[k]])),
    ...outcome,
  };
  const file = writeResult(result);
  printResult(result, log);
  log(`  result: ${path.relative(process.cwd(), file)}`);
  if (options.docs) {
    updateDoc(result);
    log(`  updated ${path.relative(process.cwd(), benchmarksDoc)} (section ${scenario.name})`);
  }
  return result;
}

/** The process whose CPU a scenario's targets are about. */
function profiledServices(scenario: string): ServiceName[] {
  switch (scenario) {
    case 'write':
      return ['command'];
    case 'relay':
      return ['relay', 'kafka'];
    case 'freshness':
      return ['relay', 'projector', 'elasticsearch'];
    case 'read':
      return ['query', 'elasticsearch'];
    case 'rebuild':
      return ['elasticsearch'];
    case 'catchup':
      return ['projector', 'elasticsearch'];
    default:
      return [];
  }
}

function writeResult(result: ScenarioResult): string {
  mkdirSync(resultsDir, { recursive: true });
  const stamp = result.run.startedAt.replace(/[:.]/g, '-');
  const file = path.join(resultsDir, `${result.scenario}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

function printResult(result: ScenarioResult, log: (message: string) => void): void {
  if (result.status !== 'ok') {
    log(`\n✖ ${result.scenario} ${result.status === 'unavailable' ? 'could not run' : 'failed'}: ${result.error ?? ''}`);
    return;
  }
  for (const table of result.tables) log(`\n${renderConsoleTable(table)}`);
  if (result.targets.length > 0) {
    log('\nTargets');
    for (const t of result.targets) {
      const ratio = t.ratio === null ? '' : `, ${formatCell(t.ratio)}× ${t.baseline?.label ?? 'baseline'}`;
      log(`  ${verdict(t).padEnd(12)} ${describeTarget(t)}: measured ${formatCell(t.measured)} ${t.unit}${ratio}`);
    }
  }
  for (const p of result.profiles) {
    log(`\nCPU profile of ${p.process} (${p.window}), busy ${formatCell(p.busyPercent)} %, top frames:`);
    for (const f of p.topFrames.slice(0, 8)) log(`  ${formatCell(f.percent).padStart(5)} %  ${f.frame}`);
  }
}

function updateDoc(result: ScenarioResult): void {
  mkdirSync(path.dirname(benchmarksDoc), { recursive: true });
  const doc = existsSync(benchmarksDoc) ? readFileSync(benchmarksDoc, 'utf8') : DOC_INTRO;
  writeFileSync(
    benchmarksDoc,
    upsertSection(doc, result.scenario, `${result.scenario}: ${result.title}`, renderScenarioSection(result)),
  );
}
