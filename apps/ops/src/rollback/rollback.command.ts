import type { Command } from 'commander';
import { indicesBehindAlias, mergeIntoIndices, registerBuildingIndex, swapAlias, unregisterBuildingIndex, WRITE_TARGETS_CACHE_MS } from '@app/search';
import { EXIT, RefusedError } from '../cli/exit-codes';
import type { OpsCommand } from '../cli/ops-command';
import type { Output } from '../cli/output';
import { createProgress } from '../cli/progress';
import type { OpsContext } from '../context/ops-context';
import { indexExists } from '../reindex/index-settings';
import { withIndexOperationsLock } from '../reindex/reindex-lock';
import { ReindexRuns } from '../reindex/reindex-runs';
import { waitForWritersToSee } from '../snapshot/registration-delay';
import { streamSnapshot } from '../snapshot/stream-snapshot';

export interface RollbackOptions {
  catchUp: boolean;
}

export const rollbackCommand: OpsCommand<RollbackOptions> = {
  name: 'rollback',
  description: 'move the alias back to the previous index (caught up from Postgres first), atomically',
  options: (command: Command) =>
    command.option('--no-catch-up', 'swap at once without catching the previous index up (then run `reconcile --repair`)'),
  async run(context, options, output) {
    const pool = await context.migratedPool();
    return withIndexOperationsLock(pool, () => rollback(context, options, output));
  },
};

async function rollback(context: OpsContext, options: RollbackOptions, output: Output) {
  const { es } = context;
  const alias = context.config.ELASTICSEARCH_ALIAS;
  const current = (await indicesBehindAlias(es, alias))[0] ?? null;
  const target = await previousIndex(context, alias, current);
  if (options.catchUp) await catchUp(context, alias, target, output);
  await swapAlias(es, alias, target);
  // The index rolled away from is presumed bad: never a later rollback's target.
  if (current) await new ReindexRuns(context.pool).finish(current, 'abandoned');
  const summary = { alias, index: target, previousIndex: current, caughtUp: options.catchUp };
  return {
    exitCode: EXIT.ok,
    summary,
    lines: [
      `rollback: alias ${alias} → ${target} (was ${current ?? 'nothing'})`,
      options.catchUp
        ? `  ${target} was caught up from Postgres before the swap; ${current} is kept (a new \`reindex\` replaces it)`
        : `  swapped without catch-up: run \`npm run ops -- reconcile --repair\` now`,
    ],
  };
}

/**
 * The newest complete index older than the live one: only builds recorded as swapped
 * count, so a half-built or abandoned index is never served.
 */
async function previousIndex(context: OpsContext, alias: string, current: string | null): Promise<string> {
  const runs = await new ReindexRuns(context.pool).swapped(alias);
  for (const run of runs) {
    if (run.targetIndex === current || (current !== null && run.targetIndex > current)) continue;
    if (await indexExists(context.es, run.targetIndex)) return run.targetIndex;
  }
  throw new RefusedError(
    `no previous index to roll back to (alias ${alias} → ${current ?? 'nothing'}; no older completed build of it still exists)`,
    '`npm run ops -- reindex` builds a fresh index instead',
  );
}

/**
 * The previous index stopped receiving live writes at the last swap. It is registered as
 * building (live writes reach it again) and then merged with the truth from Postgres, so
 * it serves nothing older than the index it replaces.
 */
async function catchUp(context: OpsContext, alias: string, target: string, output: Output): Promise<void> {
  output.note(`catching ${target} up from Postgres before the swap (live writes reach it from now on)`);
  await registerBuildingIndex(context.es, alias, target);
  try {
    await waitForWritersToSee(WRITE_TARGETS_CACHE_MS);
    await streamSnapshot({
      pool: context.pool,
      batchSize: 1000,
      after: null,
      progress: createProgress({ label: `catch-up ${target}`, unit: 'athletes' }),
      write: async (states) => void (await mergeIntoIndices(context.es, [target], { states, refresh: false })),
    });
    await context.es.indices.refresh({ index: target });
  } catch (error) {
    await unregisterBuildingIndex(context.es, alias, target).catch(() => undefined);
    throw error;
  }
}
