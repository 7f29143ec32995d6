import type { AnyEvent } from '@app/contracts';
import { divisionStats, projectAthletes, rankDivision, RankingEntry, toRankingEntry } from '@app/rankings';
import { createEventFactory } from '@test/support/event-factory';
import { seededShuffle, uniqueName } from '@test/support';
import { createRedisClient } from './redis-client';
import { promoteBuildingGeneration, resolveGenerations, startBuildingGeneration, writeGenerations, dropGeneration } from './generations';
import { changesFromEvents, changesFromStates } from './projection/division-changes';
import { writeProjection } from './projection/write-projection';
import { readAthleteEntry, readDivisionRanks, readDivisionStats, readLeaderboard, readRankingsPage, scanAthleteIds } from './views/read-views';
import { readCacheWatermark } from './projection-state';
import { orderScore, RANKINGS_PAGE_DEFAULT } from './views/score';
import { hasAppliedEvent } from './applied/applied-markers';
import { cacheKeys } from './keys';

const redis = createRedisClient(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
afterAll(() => redis.quit());

const f = createEventFactory({ seed: 'c4' });
const M = (n: number) => `c4000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const registrations = [f.athleteRegistered('d', 'a1', 'Ana'), f.athleteRegistered('d', 'a2', 'Bea'), f.athleteRegistered('d', 'a3', 'Cris')];
const win = f.matchCompleted('d', { matchId: M(1), red: 'a1', blue: 'a2', winner: 'a2', completedAt: '2026-01-01T10:00:00Z' });
const draw = f.matchCompleted('d', { matchId: M(2), red: 'a3', blue: 'a1', winner: null, completedAt: '2026-01-02T10:00:00Z' });

async function freshStore() {
  const prefix = uniqueName('cache') + ':';
  const { live } = await resolveGenerations(redis, prefix);
  return { prefix, live };
}

async function apply(prefix: string, generations: string[], events: AnyEvent[], newestOccurredAt?: number) {
  await writeProjection(redis, prefix, { generations, changes: changesFromEvents(events), newestOccurredAt });
}

/** Athletes x and y registered in division d, then `count` matches between them (match ids from `firstMatch`). */
function rivalry(count: number, firstMatch: number, date: (n: number) => Date, winner: (n: number) => 'x' | 'y'): AnyEvent[] {
  const events: AnyEvent[] = [f.athleteRegistered('d', 'x', 'X'), f.athleteRegistered('d', 'y', 'Y')];
  for (let n = 0; n < count; n++) {
    events.push(f.matchCompleted('d', { matchId: M(firstMatch + n), red: 'x', blue: 'y', winner: winner(n), completedAt: date(n).toISOString() }));
  }
  return events;
}

/** The division as libs/rankings computes it from the events: the truth every view is checked against. */
function truthOf(events: AnyEvent[], divisionId = 'd') {
  const states = [...projectAthletes(events).values()].filter((s) => s.divisionId === divisionId);
  const entries = states.map(toRankingEntry).filter((e): e is RankingEntry => e !== null);
  return { ranked: rankDivision(entries), stats: divisionStats(divisionId, states) };
}

async function expectViewsToEqualTruth(prefix: string, gen: string, events: AnyEvent[]) {
  const { ranked, stats } = truthOf(events);
  const page = await readRankingsPage(redis, prefix, gen, 'd', 100, null);
  expect(JSON.parse(`[${page!.items.toString()}]`)).toEqual(ranked);
  expect(page!.total).toBe(ranked.length);
  expect(await readLeaderboard(redis, prefix, gen, 'd', 100)).toEqual(
    ranked.map(({ rank, athleteId, name, points }) => ({ rank, athleteId, name, points })),
  );
  expect(await readDivisionStats(redis, prefix, gen, 'd')).toEqual(stats);
  for (const { rank: _rank, ...entry } of ranked) expect(await readAthleteEntry(redis, prefix, gen, entry.athleteId)).toEqual(entry);
}

describe('Redis read model (facts, running aggregates, views as bytes)', () => {
  it('serves leaderboard, pages, ranks, stats and entries, with the watermark and the applied markers', async () => {
    // given
    const { prefix, live } = await freshStore();
    const events = [f.divisionCreated('d', 'Division'), ...registrations, win, draw];
    // when
    await apply(prefix, [live], events, 1234);
    // then
    expect(await readLeaderboard(redis, prefix, live, 'd', 10)).toEqual([
      { rank: 1, athleteId: 'a2', name: 'Bea', points: 3 },
      // a3 before a1 on equal points and wins: a1 also lost a match.
      { rank: 2, athleteId: 'a3', name: 'Cris', points: 1 },
      { rank: 3, athleteId: 'a1', name: 'Ana', points: 1 },
    ]);
    expect(await readLeaderboard(redis, prefix, live, 'd', 1)).toHaveLength(1);
    expect(await readDivisionStats(redis, prefix, live, 'd')).toEqual({ divisionId: 'd', athletes: 3, matchesCompleted: 2, lastMatchAt: '2026-01-02T10:00:00.000Z' });
    expect(await readDivisionStats(redis, prefix, live, 'nope')).toBeNull();
    expect(await readLeaderboard(redis, prefix, live, 'nope', 10)).toBeNull();
    expect(await readAthleteEntry(redis, prefix, live, 'a1')).toMatchObject({ points: 1, recentForm: ['D', 'L'], lastMatchAt: '2026-01-02T10:00:00.000Z' });
    expect(await readDivisionRanks(redis, prefix, live, 'd', ['a1', 'a2', 'zz'])).toEqual([3, 1, null]);
    await expectViewsToEqualTruth(prefix, live, events);
    expect(await readCacheWatermark(redis, prefix, live)).toMatchObject({ newestOccurredAt: 1234 });
    expect(await hasAppliedEvent(redis, prefix, 'redis', 'd', win.eventId)).toBe(true);
    expect(await hasAppliedEvent(redis, prefix, 'redis', 'd', f.nextId())).toBe(false);
    // An event of another division than the read's is found through its division hint.
    expect(await hasAppliedEvent(redis, prefix, 'redis', 'other', win.eventId)).toBe(true);
    expect(await hasAppliedEvent(redis, prefix, 'redis', null, win.eventId)).toBe(true);
    expect(await hasAppliedEvent(redis, prefix, 'elasticsearch', 'd', win.eventId)).toBe(false);
  });

  it('pages after a cursor athlete that kept its place, and refuses one that moved', async () => {
    // given
    const { prefix, live } = await freshStore();
    await apply(prefix, [live], [...registrations, win, draw]);
    const first = await readRankingsPage(redis, prefix, live, 'd', 2, null);
    // when
    const second = await readRankingsPage(redis, prefix, live, 'd', 2, first!.last);
    // then
    expect(JSON.parse(`[${second!.items.toString()}]`).map((e: RankingEntry & { rank: number }) => `${e.rank}:${e.athleteId}`)).toEqual(['3:a1']);
    expect(second).toMatchObject({ count: 1, total: 3, offset: 2 });
    await apply(prefix, [live], [f.matchCompleted('d', { matchId: M(3), red: 'a3', blue: 'a2', winner: 'a3', completedAt: '2026-01-03T10:00:00Z' })]);
    expect(await readRankingsPage(redis, prefix, live, 'd', 2, first!.last)).toBeNull();
  });

  it('converges to the truth whatever the order, with duplicates and corrections arriving before their original', async () => {
    // given: a division with ties, corrections (outcome and completedAt) and renames
    const { prefix, live } = await freshStore();
    const g = createEventFactory({ seed: 'c5' });
    const ids = Array.from({ length: 8 }, (_, i) => `p${i}`);
    const events: AnyEvent[] = ids.map((id) => g.athleteRegistered('d', id, `Name ${id}`));
    for (let n = 0; n < 60; n++) {
      const [red, blue] = [ids[n % 8], ids[(n * 3 + 1) % 8]];
      if (red === blue) continue;
      const completedAt = new Date(Date.UTC(2026, 0, 1 + (n % 9))).toISOString(); // many equal times
      events.push(g.matchCompleted('d', { matchId: M(100 + n), red, blue, winner: n % 5 === 0 ? null : red, completedAt }));
      if (n % 7 === 0) {
        const later = new Date(Date.UTC(2025, 5, 1 + n)).toISOString(); // moved back in time
        events.push(g.resultCorrected('d', { matchId: M(100 + n), red, blue, winner: blue, completedAt: later, revision: 2 }));
      }
    }
    events.push(g.athleteUpdated('d', 'p3', { name: 'Renamed', weightClass: 'heavy', country: 'PT', revision: 2 }));
    const shuffled = seededShuffle([...events, ...events.slice(0, 20)], 7);
    // when: in batches of various sizes
    for (let i = 0; i < shuffled.length; i += 1 + (i % 5)) await apply(prefix, [live], shuffled.slice(i, i + 1 + (i % 5)));
    // then
    await expectViewsToEqualTruth(prefix, live, events);
  });

  it('keeps the default first page ready and right after every batch, as athletes cross its end', async () => {
    // given: 30 athletes (5 registered late, after their first matches), results in batches
    // that move athletes in and out of the first 20
    const { prefix, live } = await freshStore();
    const g = createEventFactory({ seed: 'c7' });
    const ids = Array.from({ length: 30 }, (_, i) => `q${String(i).padStart(2, '0')}`);
    const events: AnyEvent[] = ids.slice(0, 25).map((id) => g.athleteRegistered('d', id, `Name ${id}`));
    for (let n = 0; n < 90; n++) {
      const [red, blue] = [ids[(n * 7) % 30], ids[(n * 11 + 3) % 30]];
      const completedAt = new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString();
      if (red !== blue) events.push(g.matchCompleted('d', { matchId: M(300 + n), red, blue, winner: n % 3 === 0 ? blue : red, completedAt }));
      if (n % 20 === 10) events.push(g.athleteRegistered('d', ids[25 + (n - 10) / 20], `Late ${n}`));
    }
    const expectFirstPageOf = async (applied: AnyEvent[]) => {
      const { ranked } = truthOf(applied);
      const first = ranked.slice(0, RANKINGS_PAGE_DEFAULT);
      const page = await readRankingsPage(redis, prefix, live, 'd', RANKINGS_PAGE_DEFAULT, null);
      expect(JSON.parse(`[${page!.items.toString()}]`)).toEqual(first);
      const last = first.at(-1);
      expect(page).toMatchObject({ total: ranked.length, count: first.length, offset: 0, last: last ? { athleteId: last.athleteId, score: orderScore(last) } : null });
      return ranked;
    };
    for (let i = 0; i < events.length; i += 6) {
      // when
      await apply(prefix, [live], events.slice(i, i + 6));
      // then
      await expectFirstPageOf(events.slice(0, i + 6));
    }
    // A registration alone, ranked after the page, still changes the page's total.
    const lone = g.athleteRegistered('d', 'q99', 'Last');
    await apply(prefix, [live], [lone]);
    const ranked = await expectFirstPageOf([...events, lone]);
    expect(ranked.find((e) => e.athleteId === 'q99')!.rank).toBeGreaterThan(RANKINGS_PAGE_DEFAULT);
  });

  it('keeps recent form exact when corrections move many listed matches back in time', async () => {
    // given: 14 matches, then the 8 newest are corrected to dates older than all others
    const { prefix, live } = await freshStore();
    const events = rivalry(14, 200, (n) => new Date(Date.UTC(2026, 1, 1 + n)), (n) => (n % 2 ? 'x' : 'y'));
    await apply(prefix, [live], events);
    // when: one correction per batch
    for (let n = 13; n >= 6; n--) {
      const moved = f.resultCorrected('d', { matchId: M(200 + n), red: 'x', blue: 'y', winner: 'x', completedAt: new Date(Date.UTC(2025, 0, 1 + n)).toISOString() });
      events.push(moved);
      await apply(prefix, [live], [moved]);
    }
    // then
    await expectViewsToEqualTruth(prefix, live, events);
  });

  it('reads form lists stored before their items carried outcome and time, and keeps the form exact', async () => {
    // given: matches stored, then every athlete's form items cut to [ms, matchId] as they were stored before
    const { prefix, live } = await freshStore();
    const events = rivalry(7, 300, (n) => new Date(Date.UTC(2026, 2, 1 + n)), (n) => (n % 3 ? 'x' : 'y'));
    await apply(prefix, [live], events);
    const athletes = cacheKeys(prefix).division(live, 'd').athletes;
    for (const [id, raw] of Object.entries(await redis.hgetall(athletes))) {
      const state = JSON.parse(raw) as { f: unknown[][] };
      expect(state.f.length).toBeGreaterThan(0);
      state.f = state.f.map((item) => item.slice(0, 2));
      await redis.hset(athletes, id, JSON.stringify(state));
    }
    // when: a new result and a correction of a listed match
    const later = [
      f.matchCompleted('d', { matchId: M(310), red: 'y', blue: 'x', winner: 'y', completedAt: '2026-03-20T10:00:00Z' }),
      f.resultCorrected('d', { matchId: M(303), red: 'x', blue: 'y', winner: null, completedAt: new Date(Date.UTC(2026, 2, 4)).toISOString() }),
    ];
    events.push(...later);
    await apply(prefix, [live], later);
    // then
    await expectViewsToEqualTruth(prefix, live, events);
  });

  it('writes the same model from a rebuild snapshot as from the events, and merges both', async () => {
    // given
    const events = [...registrations, win, draw, f.resultCorrected('d', { matchId: M(1), red: 'a1', blue: 'a2', winner: 'a1', completedAt: '2026-01-03T10:00:00Z' })];
    const { prefix, live } = await freshStore();
    const states = [...projectAthletes(events).values()];
    // when: the snapshot, then the live events again (a rebuild racing the projector)
    await writeProjection(redis, prefix, { generations: [live], changes: changesFromStates(states) });
    await apply(prefix, [live], seededShuffle(events, 3));
    // then
    await expectViewsToEqualTruth(prefix, live, events);
  });

  it('builds a new generation beside the live one and switches to it atomically', async () => {
    const { prefix, live } = await freshStore();
    const first = await resolveGenerations(redis, prefix);
    await apply(prefix, writeGenerations(first), registrations);
    const building = await startBuildingGeneration(redis, prefix);
    const during = await resolveGenerations(redis, prefix);
    expect(writeGenerations(during)).toEqual([live, building]);
    // A live write during the build reaches both; the live generation keeps serving meanwhile.
    await apply(prefix, writeGenerations(during), [win]);
    expect(await readLeaderboard(redis, prefix, building, 'd', 10)).toEqual([]); // nobody registered there yet
    await writeProjection(redis, prefix, { generations: [building], changes: changesFromStates([...projectAthletes(registrations).values()]) });
    expect(await promoteBuildingGeneration(redis, prefix)).toEqual({ previous: live, current: building });
    const after = await resolveGenerations(redis, prefix);
    expect(after).toEqual({ live: building, building: null });
    const board = await readLeaderboard(redis, prefix, after.live, 'd', 10);
    expect(board?.map((i) => `${i.athleteId}:${i.points}`)).toEqual(['a2:3', 'a3:0', 'a1:0']);
    await expect(dropGeneration(redis, prefix, building)).rejects.toThrow(/in use/);
    expect(await dropGeneration(redis, prefix, live)).toBeGreaterThan(0);
    const left = await collect(scanAthleteIds(redis, prefix, live));
    expect(left.flat()).toEqual([]);
  });
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
