import { uniqueName } from '@test/support';
import { projectAthletes } from '@app/rankings';
import { createEventFactory } from '@test/support/event-factory';
import { createRedisClient } from './redis-client';
import { promoteBuildingGeneration, resolveGenerations, startBuildingGeneration, writeGenerations, dropGeneration } from './generations';
import { writeToGenerations } from './write-generations';
import { readAthleteEntry, readDivisionStats, readLeaderboard, scanAthleteStates } from './read-models';
import { readCacheWatermark } from './projection-state';
import { hasAppliedEvent } from './applied-events';
import { cacheKeys } from './keys';

const redis = createRedisClient(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
afterAll(() => redis.quit());

const f = createEventFactory({ seed: 'c4' });
const M1 = 'c4000000-0000-4000-8000-000000000001';
const M2 = 'c4000000-0000-4000-8000-000000000002';
const registrations = [f.athleteRegistered('d', 'a1', 'Ana'), f.athleteRegistered('d', 'a2', 'Bea'), f.athleteRegistered('d', 'a3', 'Cris')];
const win = f.matchCompleted('d', { matchId: M1, red: 'a1', blue: 'a2', winner: 'a2', completedAt: '2026-01-01T10:00:00Z' });
const draw = f.matchCompleted('d', { matchId: M2, red: 'a3', blue: 'a1', winner: null, completedAt: '2026-01-02T10:00:00Z' });

describe('Redis read models under generations', () => {
  it('serves leaderboard, stats and entries from what was merged, with the watermark and applied markers', async () => {
    const prefix = uniqueName('cache') + ':';
    const { live } = await resolveGenerations(redis, prefix);
    const events = [...registrations, win, draw];
    await writeToGenerations(redis, prefix, [live], {
      states: [...projectAthletes(events).values()],
      divisions: [{ divisionId: 'd', name: 'Division' }],
      newestOccurredAt: 1234,
      appliedEventIds: [win.eventId],
    });
    expect(await readLeaderboard(redis, prefix, live, 'd', 10)).toEqual([
      { rank: 1, athleteId: 'a2', name: 'Bea', points: 3 },
      // a3 before a1 on equal points and wins: a1 also lost a match.
      { rank: 2, athleteId: 'a3', name: 'Cris', points: 1 },
      { rank: 3, athleteId: 'a1', name: 'Ana', points: 1 },
    ]);
    expect(await readLeaderboard(redis, prefix, live, 'd', 1)).toHaveLength(1);
    expect(await readDivisionStats(redis, prefix, live, 'd')).toEqual({
      divisionId: 'd',
      athletes: 3,
      matchesCompleted: 2,
      lastMatchAt: '2026-01-02T10:00:00.000Z',
    });
    expect(await readDivisionStats(redis, prefix, live, 'nope')).toBeNull();
    expect(await readAthleteEntry(redis, prefix, live, 'a1')).toMatchObject({ points: 1, recentForm: ['D', 'L'] });
    expect(await readCacheWatermark(redis, prefix, live)).toMatchObject({ newestOccurredAt: 1234 });
    expect(await hasAppliedEvent(redis, prefix, 'redis', win.eventId)).toBe(true);
    expect(await hasAppliedEvent(redis, prefix, 'redis', draw.eventId)).toBe(false);
  });

  it('moves an athlete in the leaderboard when a correction changes the order, whatever the arrival order', async () => {
    const prefix = uniqueName('cache') + ':';
    const { live } = await resolveGenerations(redis, prefix);
    const correction = f.resultCorrected('d', { matchId: M1, red: 'a1', blue: 'a2', winner: 'a1', completedAt: '2026-01-01T10:00:00Z' });
    for (const batch of [[correction], registrations, [win], [win, correction]]) {
      await writeToGenerations(redis, prefix, [live], { states: [...projectAthletes(batch).values()] });
    }
    const board = await readLeaderboard(redis, prefix, live, 'd', 10);
    expect(board?.map((i) => `${i.athleteId}:${i.points}`)).toEqual(['a1:3', 'a3:0', 'a2:0']);
  });

  it('keeps concurrent writers of the same athletes from losing each other\'s updates', async () => {
    const prefix = uniqueName('cache') + ':';
    const { live } = await resolveGenerations(redis, prefix);
    const other = createRedisClient(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const results = Array.from({ length: 20 }, (_, i) =>
        f.matchCompleted('d', { matchId: `c4000000-0000-4000-8000-1000000000${String(i).padStart(2, '0')}`, red: 'a1', blue: 'a2', winner: 'a1', completedAt: '2026-01-01T10:00:00Z' }),
      );
      await Promise.all(
        results.map((e, i) => writeToGenerations(i % 2 ? redis : other, prefix, [live], { states: [...projectAthletes([e]).values()] })),
      );
      const states = (await collect(scanAthleteStates(redis, prefix, live))).flat(); // SCAN may split keys across batches
      expect(states.map((s) => Object.keys(s.matches).length)).toEqual([20, 20]);
    } finally {
      await other.quit();
    }
  });

  it('indexes new and moved matches of the division when each result arrives in a batch of its own', async () => {
    // given
    const prefix = uniqueName('cache') + ':';
    const { live } = await resolveGenerations(redis, prefix);
    const later = f.resultCorrected('d', { matchId: M1, red: 'a1', blue: 'a2', winner: 'a1', completedAt: '2026-01-03T10:00:00Z' });
    // when
    for (const batch of [registrations, [win], [draw], [later], [draw]]) {
      await writeToGenerations(redis, prefix, [live], { states: [...projectAthletes(batch).values()] });
    }
    // then
    expect(await readDivisionStats(redis, prefix, live, 'd')).toEqual({
      divisionId: 'd',
      athletes: 3,
      matchesCompleted: 2,
      lastMatchAt: '2026-01-03T10:00:00.000Z',
    });
    expect(await readAthleteEntry(redis, prefix, live, 'a1')).toMatchObject({ points: 4, recentForm: ['W', 'D'] });
  });

  it('merges into what another writer stored since, not into the state this process wrote last', async () => {
    // given: this process wrote a1, then another writer replaced it (its own token, next version)
    const prefix = uniqueName('cache') + ':';
    const { live } = await resolveGenerations(redis, prefix);
    await writeToGenerations(redis, prefix, [live], { states: [...projectAthletes([registrations[0], win]).values()] });
    const key = cacheKeys(prefix).generation(live).athlete('a1');
    const [theirs] = [...projectAthletes([registrations[0], win, draw]).values()];
    const v = Number(await redis.hget(key, 'v'));
    await redis.hset(key, 'state', JSON.stringify(theirs), 'v', v + 1, 'w', 'another-writer');
    // when
    const third = f.matchCompleted('d', { matchId: 'c4000000-0000-4000-8000-000000000003', red: 'a1', blue: 'a3', winner: 'a1', completedAt: '2026-01-04T10:00:00Z' });
    await writeToGenerations(redis, prefix, [live], { states: [...projectAthletes([third]).values()] });
    // then: the other writer's draw is kept
    expect(await readAthleteEntry(redis, prefix, live, 'a1')).toMatchObject({ points: 4, recentForm: ['W', 'D', 'L'] });
  });

  it('builds a new generation beside the live one and switches to it atomically', async () => {
    const prefix = uniqueName('cache') + ':';
    const first = await resolveGenerations(redis, prefix);
    await writeToGenerations(redis, prefix, writeGenerations(first), { states: [...projectAthletes(registrations).values()] });
    const building = await startBuildingGeneration(redis, prefix);
    const during = await resolveGenerations(redis, prefix);
    expect(writeGenerations(during)).toEqual([first.live, building]);
    // A live write during the build reaches both; the live generation keeps serving meanwhile.
    await writeToGenerations(redis, prefix, writeGenerations(during), { states: [...projectAthletes([win]).values()] });
    expect(await readLeaderboard(redis, prefix, building, 'd', 10)).toBeNull();
    await writeToGenerations(redis, prefix, [building], { states: [...projectAthletes(registrations).values()] });
    expect(await promoteBuildingGeneration(redis, prefix)).toEqual({ previous: first.live, current: building });
    const after = await resolveGenerations(redis, prefix);
    expect(after).toEqual({ live: building, building: null });
    const board = await readLeaderboard(redis, prefix, after.live, 'd', 10);
    expect(board?.map((i) => `${i.athleteId}:${i.points}`)).toEqual(['a2:3', 'a3:0', 'a1:0']);
    await expect(dropGeneration(redis, prefix, building)).rejects.toThrow(/in use/);
    expect(await dropGeneration(redis, prefix, first.live)).toBeGreaterThan(0);
  });
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
