import type { Client } from '@elastic/elasticsearch';
import { newIndexVersion, physicalIndexName, RANKINGS_INDEX_MAPPINGS, RANKINGS_INDEX_SETTINGS, registerBuildingIndex, unregisterBuildingIndex } from '@app/search';
import { RefusedError } from '../cli/exit-codes';
import type { Output } from '../cli/output';
import { indexExists, pauseRefresh } from './index-settings';
import type { ReindexRun, ReindexRuns } from './reindex-runs';

/**
 * The index a build writes to: a fresh one, or with `--resume` the unfinished one and its
 * checkpoint. The run row is written before the index is created, so a crash in between
 * leaves a row that `--resume` (or the next build, which abandons it) can clean up,
 * never an index nobody knows about.
 */
export async function prepareTarget(
  es: Client,
  runs: ReindexRuns,
  alias: string,
  sourceIndex: string | null,
  options: { resume: boolean; batchSize: number },
  output: Output,
): Promise<ReindexRun> {
  const unfinished = await runs.unfinished(alias);
  if (options.resume) {
    if (!unfinished) throw new RefusedError(`no unfinished build of alias "${alias}" to resume`, 'run `npm run ops -- reindex` to start a new build');
    await runs.resumed(unfinished.targetIndex);
    if (!(await indexExists(es, unfinished.targetIndex))) {
      output.note(`index ${unfinished.targetIndex} is gone; recreating it and starting this build over`);
      await createTarget(es, unfinished.targetIndex);
      await runs.restart(unfinished.targetIndex);
    }
    await registerBuildingIndex(es, alias, unfinished.targetIndex);
    await pauseRefresh(es, unfinished.targetIndex);
    return (await runs.get(unfinished.targetIndex))!;
  }
  if (unfinished) await abandon(es, runs, alias, unfinished, output);
  const targetIndex = physicalIndexName(alias, newIndexVersion());
  const run = await runs.begin({ targetIndex, alias, sourceIndex, batchSize: options.batchSize });
  await createTarget(es, targetIndex);
  await registerBuildingIndex(es, alias, targetIndex);
  await pauseRefresh(es, targetIndex);
  return run;
}

async function createTarget(es: Client, index: string): Promise<void> {
  await es.indices.create({ index, settings: RANKINGS_INDEX_SETTINGS, mappings: RANKINGS_INDEX_MAPPINGS });
}

/** A build that never served holds no data anyone could lose: unregister and delete it. */
async function abandon(es: Client, runs: ReindexRuns, alias: string, run: ReindexRun, output: Output): Promise<void> {
  output.note(
    `abandoning the unfinished build ${run.targetIndex} (${run.docsWritten} documents, never served); ` +
      'use `reindex --resume` instead to continue one',
  );
  if (await indexExists(es, run.targetIndex)) {
    await unregisterBuildingIndex(es, alias, run.targetIndex).catch(() => undefined);
    await es.indices.delete({ index: run.targetIndex });
  }
  await runs.finish(run.targetIndex, 'abandoned');
}
