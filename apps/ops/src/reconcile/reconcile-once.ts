import { writeReconcileReport } from '@app/cache';
import { replaceWithTruth } from '@app/search';
import { EXIT } from '../cli/exit-codes';
import type { CommandOutcome, Output } from '../cli/output';
import { describeError } from '../cli/output';
import type { OpsContext } from '../context/ops-context';
import { reprojectRedis } from '../reproject-redis/reproject-redis';
import { selectAthletes } from '../snapshot/snapshot-query';
import { describeDrift, Drift } from './drift';
import { compareAll, Comparison } from './reconcile';
import { athleteOf } from './visible-order';

const SHOWN = 50;

export interface ReconcileRun {
  outcome: CommandOutcome;
  /** Differences left at the end (after the repair when there was one). */
  remaining: Drift[];
}

/** One comparison, a repair and a second comparison when asked, and the report the status page shows. */
export async function reconcileOnce(context: OpsContext, repairDrift: boolean, output: Output): Promise<ReconcileRun> {
  const first = await compareAll(context);
  let run: ReconcileRun;
  let repairedFrom: number | null = null;
  if (!repairDrift || first.drifts.length === 0) {
    run = { outcome: report(first, null), remaining: first.drifts };
  } else {
    const repaired = await repair(context, first.drifts, output);
    const after = await compareAll(context);
    repairedFrom = first.drifts.length;
    run = { outcome: report(after, { found: first.drifts, ...repaired }), remaining: after.drifts };
  }
  await writeReconcileReport(context.redis, context.config.REDIS_KEY_PREFIX, {
    finishedAt: new Date().toISOString(),
    athletes: first.athletes,
    divisions: first.divisions,
    driftTotal: run.remaining.length,
    driftByModel: countByModel(run.remaining),
    repairedFrom,
  }).catch((error: unknown) => output.note(`reconcile: could not save the report for the status page (${describeError(error)})`));
  return run;
}

interface RepairResult {
  found: Drift[];
  elasticsearchDocuments: number;
  redisGeneration: string | null;
}

/**
 * Elasticsearch: the documents of every athlete whose entry or visible line drifted are
 * replaced (guarded against live writes). Redis: a full reprojection under a new
 * generation; its models are cheap to rebuild and a leaderboard cannot be patched member
 * by member without a half-right moment.
 */
async function repair(context: OpsContext, drifts: Drift[], output: Output): Promise<Omit<RepairResult, 'found'>> {
  const esIds = drifts.filter((d) => d.store === 'elasticsearch').map(athleteOf).filter((id): id is string => id !== null);
  const elasticsearchDocuments = esIds.length
    ? await replaceWithTruth(context.es, context.config.ELASTICSEARCH_ALIAS, esIds, (ids) => selectAthletes(context.pool, ids))
    : 0;
  const redisGeneration = drifts.some((d) => d.store === 'redis') ? (await reprojectRedis(context, output)).generation : null;
  return { elasticsearchDocuments, redisGeneration };
}

function countByModel(drifts: Drift[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of drifts) counts[`${d.store} ${d.model}`] = (counts[`${d.store} ${d.model}`] ?? 0) + 1;
  return counts;
}

const counts = (list: Drift[]) => ({
  missing: list.filter((d) => d.kind === 'missing').length,
  extra: list.filter((d) => d.kind === 'extra').length,
  different: list.filter((d) => d.kind === 'different').length,
});

function report(comparison: Comparison, repaired: RepairResult | null): CommandOutcome {
  const { drifts } = comparison;
  const lines: string[] = [];
  if (repaired) {
    lines.push(`reconcile --repair: found ${repaired.found.length} differences`);
    lines.push(...repaired.found.slice(0, SHOWN).map((d) => `  ${describeDrift(d)}`));
    lines.push(
      `  repaired: ${repaired.elasticsearchDocuments} Elasticsearch documents; Redis ${repaired.redisGeneration ? `reprojected as generation ${repaired.redisGeneration}` : 'unchanged'}`,
    );
  }
  lines.push(
    drifts.length === 0
      ? `reconcile: no drift (${comparison.athletes} athletes, ${comparison.divisions} divisions; Elasticsearch via alias, Redis generation ${comparison.redisGeneration})`
      : `reconcile: ${drifts.length} differences${repaired ? ' remain after repair' : ''} (${comparison.athletes} athletes, ${comparison.divisions} divisions)`,
  );
  lines.push(...drifts.slice(0, SHOWN).map((d) => `  ${describeDrift(d)}`));
  if (drifts.length > SHOWN) lines.push(`  ... and ${drifts.length - SHOWN} more (--json lists all)`);
  if (drifts.length > 0 && !repaired) lines.push('  fix with: npm run ops -- reconcile --repair');
  const summary = {
    athletes: comparison.athletes,
    divisions: comparison.divisions,
    redisGeneration: comparison.redisGeneration,
    drift: counts(drifts),
    driftByModel: countByModel(drifts),
    drifts,
    ...(repaired
      ? {
          repaired: {
            found: counts(repaired.found),
            foundDrifts: repaired.found,
            elasticsearchDocuments: repaired.elasticsearchDocuments,
            redisGeneration: repaired.redisGeneration,
          },
        }
      : {}),
  };
  return { exitCode: drifts.length ? EXIT.drift : EXIT.ok, summary, lines };
}
