import { EXIT } from '../cli/exit-codes';
import type { OpsCommand } from '../cli/ops-command';
import { readStatus, StatusReport } from './status';

/**
 * CONTRACT §5: status answers within 3 s even when a store hangs. The budget counts from
 * the process start (loading the CLI is part of the wait), leaving room to print and exit;
 * a check never gets less than MIN_CHECK_MS, even on a machine slow to start node.
 */
const ANSWER_BUDGET_MS = 2500;
const MIN_CHECK_MS = 500;

export function checkTimeoutMs(uptimeMs = process.uptime() * 1000): number {
  return Math.max(MIN_CHECK_MS, Math.round(ANSWER_BUDGET_MS - uptimeMs));
}

export const statusCommand: OpsCommand = {
  name: 'status',
  description:
    'alias → physical index, doc counts, build in progress, Redis generation, per-projection freshness, events each projection has not stored yet, outbox backlog',
  async run(context) {
    const report = await readStatus(context, checkTimeoutMs());
    return { exitCode: EXIT.ok, summary: report, lines: render(report) };
  },
};

function render(report: StatusReport): string[] {
  const lines: string[] = [];
  const { elasticsearch: es, redis, build, outbox, kafka, projections } = report;
  if (es.ok) {
    lines.push(
      `elasticsearch: alias ${es.value.alias} → ${es.value.aliasTarget.join(', ') || 'NOTHING (alias missing)'}; newest stored event ${es.value.newestStoredAt ?? 'none'}`,
    );
    for (const i of es.value.indices) {
      const role = i.live ? 'live' : i.building ? 'building' : 'kept';
      lines.push(`  ${i.index.padEnd(34)} ${String(i.docCount).padStart(9)} docs  ${role}`);
    }
  } else lines.push(`elasticsearch: UNREACHABLE (${es.error})`);
  if (build.ok && build.value) {
    const b = build.value;
    lines.push(
      `reindex in progress or interrupted: ${b.targetIndex}, ${b.docsWritten} docs in ${b.batchesWritten} batches, last athlete ${b.lastAthleteId ?? '-'}, updated ${b.updatedAt.toISOString()} (continue with: npm run ops -- reindex --resume)`,
    );
  } else if (!build.ok) lines.push(`reindex checkpoint: unreadable (${build.error})`);
  if (redis.ok) {
    const r = redis.value;
    lines.push(
      `redis: live generation ${r.liveGeneration}${r.buildingGeneration ? `, building ${r.buildingGeneration}` : ''}; newest stored event ${r.newestStoredAt ?? 'none'}; relay published up to ${r.sourceNewestPublishedAt ?? 'unknown'}`,
    );
  } else lines.push(`redis: UNREACHABLE (${redis.error})`);
  if (projections.reachable) {
    for (const p of projections.projections) {
      lines.push(
        `projection ${p.name}: ${p.status}, freshness lag ${p.freshnessLagMs} ms, breaker ${p.breaker}, last event ${p.lastEventOccurredAt ?? '-'}, last applied ${p.lastAppliedAt ?? '-'}`,
      );
    }
  } else lines.push(`projections: query service not reachable at ${projections.url} (${projections.reason})`);
  if (kafka.ok && !kafka.value.exists) lines.push(`kafka: topic ${kafka.value.topic} does not exist yet (nothing published)`);
  else if (kafka.ok) {
    const k = kafka.value;
    lines.push(`kafka: topic ${k.topic} holds ${k.retained} events over ${k.groups[0]?.partitions.length ?? 0} partitions`);
    for (const g of k.groups) {
      const perPartition = g.partitions.map((p) => `p${p.partition} ${p.behind}`).join(', ');
      lines.push(`  consumer group ${g.groupId}: ${g.behind} events not yet stored (${perPartition})`);
    }
  } else lines.push(`kafka: UNREACHABLE (${kafka.error})`);
  lines.push(
    outbox.ok
      ? `outbox: ${outbox.value.events} unpublished events, oldest ${Math.round(outbox.value.oldestAgeSeconds)}s`
      : `outbox: unreadable (${outbox.error})`,
  );
  return lines;
}
