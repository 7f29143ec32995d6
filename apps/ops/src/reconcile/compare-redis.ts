import { readAthleteEntry, readDivisionStats, type RedisStore, resolveGenerations, scanAthleteIds } from '@app/cache';
import { divisionStats } from '@app/rankings';
import { Drift, diffRecords } from './drift';
import { observeLeaderboard, observeRedisRankings } from './observe-redis';
import { compareVisible } from './visible-order';
import type { Truth } from './truth';

type Records = Map<string, Record<string, unknown> | null>;

/**
 * The live Redis generation against the truth: every athlete entry, every division's
 * whole leaderboard and unfiltered rankings list as users see them (ranks, order, every
 * field shown) and its stats, and
 * athlete state that Postgres does not know.
 */
export async function compareRedis(redis: RedisStore, prefix: string, truth: Truth): Promise<{ generation: string; drifts: Drift[] }> {
  const { live } = await resolveGenerations(redis, prefix);
  const drifts: Drift[] = [];
  for (const expected of truth.batches) {
    const ids = [...expected.keys()];
    const stored = await Promise.all(ids.map((id) => readAthleteEntry(redis, prefix, live, id)));
    const actual = new Map(ids.map((id, i) => [id, stored[i] ?? null]));
    drifts.push(...diffRecords('redis', 'athlete', expected as unknown as Records, actual as unknown as Records));
  }
  for (const divisionId of truth.divisions) drifts.push(...(await compareDivision(redis, prefix, live, divisionId, truth)));
  for await (const ids of scanAthleteIds(redis, prefix, live)) {
    for (const id of ids) {
      if (!truth.athleteIds.has(id)) drifts.push({ store: 'redis', model: 'athlete', kind: 'extra', key: id });
    }
  }
  return { generation: live, drifts };
}

async function compareDivision(redis: RedisStore, prefix: string, gen: string, divisionId: string, truth: Truth): Promise<Drift[]> {
  const states = truth.byDivision.get(divisionId) ?? [];
  const expectedBoard = (truth.ranked.get(divisionId) ?? []).map(({ rank, athleteId, name, points }) => ({ rank, athleteId, name, points }));
  const board = await observeLeaderboard(redis, prefix, gen, divisionId, expectedBoard.length);
  // A damaged stored entry can make the list unservable (not JSON, a member without an
  // entry): that is drift users would hit, not a reason to stop reconciling.
  const rankings = await observeRedisRankings(redis, prefix, gen, divisionId).catch(
    (error: unknown): Drift => ({ store: 'redis', model: 'rankings', kind: 'different', key: divisionId, actual: { unreadable: (error as Error).message } }),
  );
  const stats = await readDivisionStats(redis, prefix, gen, divisionId);
  return [
    ...compareVisible('redis', 'leaderboard', divisionId, expectedBoard, board),
    ...(Array.isArray(rankings) ? compareVisible('redis', 'rankings', divisionId, truth.ranked.get(divisionId) ?? [], rankings) : [rankings]),
    ...diffRecords(
      'redis',
      'division-stats',
      new Map([[divisionId, { ...divisionStats(divisionId, states) }]]),
      new Map([[divisionId, stats ? { ...stats } : null]]),
    ),
  ];
}
