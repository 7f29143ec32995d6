import type { RedisStore } from './redis-client';

/**
 * The outcome of the newest `ops reconcile` run, kept beside the read models it judged so
 * the status page can show "last reconcile" without a database of its own. One small key,
 * outside every generation (a reprojection must not erase it).
 */
export interface ReconcileReport {
  finishedAt: string;
  athletes: number;
  divisions: number;
  /** Differences left after the run (after repair when it repaired). */
  driftTotal: number;
  /** `<store> <model>` → differences, e.g. `redis leaderboard` → 3. */
  driftByModel: Record<string, number>;
  /** Differences found before a repair, when the run repaired. */
  repairedFrom: number | null;
}

const reportKey = (prefix: string) => `${prefix}ops:reconcile:last`;

export async function writeReconcileReport(redis: RedisStore, prefix: string, report: ReconcileReport): Promise<void> {
  await redis.set(reportKey(prefix), JSON.stringify(report));
}

export async function readReconcileReport(redis: RedisStore, prefix: string): Promise<ReconcileReport | null> {
  const raw = await redis.get(reportKey(prefix));
  return raw ? (JSON.parse(raw) as ReconcileReport) : null;
}
