import type { Command } from 'commander';
import { EXIT } from '../cli/exit-codes';
import type { OpsCommand } from '../cli/ops-command';
import type { Output } from '../cli/output';
import type { OpsContext } from '../context/ops-context';
import { reprojectRedis } from '../reproject-redis/reproject-redis';
import { describeDrift, Drift } from './drift';
import { compareAll, Comparison } from './reconcile';
import { replaceWithTruth } from '@app/search';
import { selectAthletes } from '../snapshot/snapshot-query';

export interface ReconcileOptions {
  repair?: boolean;
}

const SHOWN = 50;

export const reconcileCommand: OpsCommand<ReconcileOptions> = {
  name: 'reconcile',
  description:
    'compare Postgres-derived truth with Elasticsearch and Redis; exit 0 no drift, 1 drift (0 after a successful --repair)',
  options: (command: Command) => command.option('--repair', 'write the truth where it differs, then check again'),
  async run(context, options, output) {
    const first = await compareAll(context);
    if (!options.repair || first.drifts.length === 0) return report(first, first.drifts.length ? EXIT.drift : EXIT.ok, null);
    const repaired = await repair(context, first.drifts, output);
    const after = await compareAll(context);
    return report(after, after.drifts.length ? EXIT.drift : EXIT.ok, { found: first.drifts, ...repaired });
  },
};

interface RepairResult {
  found: Drift[];
  elasticsearchDocuments: number;
  redisGeneration: string | null;
}

/**
 * Elasticsearch: the drifted documents are replaced (guarded against live writes).
 * Redis: a full reprojection under a new generation; its models are cheap to rebuild and
 * a leaderboard cannot be patched member by member without a half-right moment.
 */
async function repair(context: OpsContext, drifts: Drift[], output: Output): Promise<Omit<RepairResult, 'found'>> {
  const esIds = drifts.filter((d) => d.store === 'elasticsearch').map((d) => d.key);
  const elasticsearchDocuments = esIds.length
    ? await replaceWithTruth(context.es, context.config.ELASTICSEARCH_ALIAS, esIds, (ids) => selectAthletes(context.pool, ids))
    : 0;
  const redisGeneration = drifts.some((d) => d.store === 'redis') ? (await reprojectRedis(context, output)).generation : null;
  return { elasticsearchDocuments, redisGeneration };
}

function report(comparison: Comparison, exitCode: typeof EXIT.ok | typeof EXIT.drift, repaired: RepairResult | null) {
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
  const counts = (list: Drift[]) => ({
    missing: list.filter((d) => d.kind === 'missing').length,
    extra: list.filter((d) => d.kind === 'extra').length,
    different: list.filter((d) => d.kind === 'different').length,
  });
  const summary = {
    athletes: comparison.athletes,
    divisions: comparison.divisions,
    redisGeneration: comparison.redisGeneration,
    drift: counts(drifts),
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
  return { exitCode, summary, lines };
}
