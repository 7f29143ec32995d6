import type { Command } from 'commander';
import { indicesBehindAlias, listRankingIndices, mergeIntoIndices, readSearchWatermark, swapAlias, WRITE_TARGETS_CACHE_MS } from '@app/search';
import { EXIT, RefusedError } from '../cli/exit-codes';
import type { OpsCommand } from '../cli/ops-command';
import { intBetween } from '../cli/parse-options';
import { createProgress } from '../cli/progress';
import type { OpsContext } from '../context/ops-context';
import { readOutboxNewestOccurredAt } from '../snapshot/outbox-newest';
import { waitForWritersToSee } from '../snapshot/registration-delay';
import { streamSnapshot } from '../snapshot/stream-snapshot';
import { prepareTarget } from './build-target';
import { restoreRefresh } from './index-settings';
import { withIndexOperationsLock } from './reindex-lock';
import { ReindexRuns } from './reindex-runs';
import { planRetention } from './retention';
import { Verification, verifyIndex } from './verify-index';

export interface ReindexOptions {
  batchSize: number;
  resume?: boolean;
  keep: number;
  allowNoRollback?: boolean;
}

export const reindexCommand: OpsCommand<ReindexOptions> = {
  name: 'reindex',
  description: 'build a new physical index from Postgres, keep it live during the build, verify it, then move the alias atomically',
  options: (command: Command) =>
    command
      .option('--batch-size <n>', 'athletes per Postgres query and bulk write', intBetween(1, 20_000), 1000)
      .option('--resume', 'continue the unfinished build from its last checkpoint')
      .option('--keep <n>', 'physical indices kept after the swap, the live one included', intBetween(1, 100), 3)
      .option('--allow-no-rollback', 'confirm --keep 1: delete the previous index, leaving nothing to roll back to'),
  async run(context, options, output) {
    if (options.keep < 2 && !options.allowNoRollback) {
      throw new RefusedError('--keep 1 would delete the index `rollback` returns to', 'add --allow-no-rollback if that is really wanted');
    }
    const pool = await context.migratedPool();
    return withIndexOperationsLock(pool, () => reindex(context, options, output));
  },
};

async function reindex(context: OpsContext, options: ReindexOptions, output: Parameters<OpsCommand['run']>[2]) {
  const { es } = context;
  const pool = context.pool;
  const alias = context.config.ELASTICSEARCH_ALIAS;
  const runs = new ReindexRuns(pool);
  const started = Date.now();
  const source = (await indicesBehindAlias(es, alias))[0] ?? null;

  const run = await prepareTarget(es, runs, alias, source, { resume: options.resume === true, batchSize: options.batchSize }, output);
  const target = run.targetIndex;
  output.note(
    options.resume
      ? `resuming ${target} after athlete ${run.lastAthleteId ?? '(start)'}: ${run.batchesWritten} batches / ${run.docsWritten} documents already stored`
      : `building ${target} (alias ${alias} currently → ${source ?? 'nothing'})`,
  );
  // Registered as building: live events reach the new index from here on.
  await waitForWritersToSee(WRITE_TARGETS_CACHE_MS);
  const outboxNewest = await readOutboxNewestOccurredAt(pool);

  const streamed = await streamSnapshot({
    pool,
    batchSize: options.batchSize,
    after: run.lastAthleteId,
    progress: createProgress({ label: `reindex ${target}`, unit: 'athletes' }),
    // Mergeable writes: a snapshot row never overwrites a newer live write, and vice versa.
    write: async (states) => void (await mergeIntoIndices(es, [target], { states, refresh: false })),
    stored: (lastAthleteId, docs) => runs.checkpoint(target, lastAthleteId, docs),
  });
  const buildSeconds = (Date.now() - started) / 1000;

  await restoreRefresh(es, target);
  await carryWatermark(context, source, target, outboxNewest);
  const verification = await verifyIndex(es, pool, target);
  const previous = await swapAlias(es, alias, target);
  await runs.finish(target, 'swapped');
  if (source) await runs.recordServed(source, alias);
  const removed = await applyRetention(context, alias, target, options.keep);
  const total = await runs.get(target);
  return reindexOutcome({
    alias,
    index: target,
    previousIndex: previous[0] ?? null,
    resumed: options.resume === true,
    batchesThisRun: streamed.batches,
    documentsThisRun: streamed.docs,
    batchesTotal: total?.batchesWritten ?? streamed.batches,
    attempts: total?.attempts ?? 1,
    seconds: Number(buildSeconds.toFixed(1)),
    documentsPerSecond: buildSeconds > 0 ? Math.round(streamed.docs / buildSeconds) : streamed.docs,
    verification,
    removedIndices: removed,
  });
}

interface ReindexSummary {
  alias: string;
  index: string;
  previousIndex: string | null;
  resumed: boolean;
  batchesThisRun: number;
  documentsThisRun: number;
  batchesTotal: number;
  attempts: number;
  seconds: number;
  documentsPerSecond: number;
  verification: Verification;
  removedIndices: string[];
}

function reindexOutcome(summary: ReindexSummary) {
  const { alias, index, previousIndex, verification: v, removedIndices } = summary;
  return {
    exitCode: EXIT.ok,
    summary,
    lines: [
      `reindex: alias ${alias} → ${index} (was ${previousIndex ?? 'nothing'})`,
      `  stored ${summary.documentsThisRun} documents in ${summary.batchesThisRun} batches this run (${summary.batchesTotal} batches in ${summary.attempts} attempt(s)), ${summary.seconds}s, ${summary.documentsPerSecond} docs/s`,
      `  verified: ${v.documentsInIndex} documents = ${v.athletesInPostgres} athletes in Postgres, ${v.spotChecked} spot checks equal`,
      `  rollback target: ${previousIndex ?? 'none'}; removed: ${removedIndices.length ? removedIndices.join(', ') : 'none'}`,
    ],
  };
}

/**
 * The new index must not look stale once it serves: it is at least as fresh as the old
 * index's watermark (every event applied there either predates a snapshot read or was
 * also written here live) and as the outbox's newest event before the snapshot started.
 */
async function carryWatermark(context: OpsContext, source: string | null, target: string, outboxNewest: number | null): Promise<void> {
  const old = source ? await readSearchWatermark(context.es, source).catch(() => null) : null;
  const newest = Math.max(old?.newestOccurredAt ?? 0, outboxNewest ?? 0);
  if (newest > 0) await mergeIntoIndices(context.es, [target], { states: [], newestOccurredAt: newest, refresh: true });
}

async function applyRetention(context: OpsContext, alias: string, live: string, keep: number): Promise<string[]> {
  // Only `<alias>-<digits>`: another alias family sharing the prefix is not ours to delete.
  const indices = (await listRankingIndices(context.es, alias)).filter((i) => /^\d+$/.test(i.index.slice(alias.length + 1)));
  const building = indices.filter((i) => i.building).map((i) => i.index);
  const candidates = (await new ReindexRuns(context.pool).swapped(alias)).map((r) => r.targetIndex);
  const plan = planRetention(
    indices.map((i) => ({ name: i.index })),
    live,
    keep,
    building,
    candidates,
  );
  for (const index of plan.remove) await context.es.indices.delete({ index });
  return plan.remove;
}
