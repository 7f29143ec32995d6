import type { Cluster } from 'ioredis';
import type { AnyEvent } from '@app/contracts';
import { createEventFactory } from '@test/support/event-factory';
import { RunningRedisCluster, seededShuffle, startRedisCluster, uniqueName } from '@test/support';
import { createRedisStore, isCluster, slotOf } from './redis-client';
import {
  createGenerationResolver,
  dropGeneration,
  promoteBuildingGeneration,
  resolveGenerations,
  startBuildingGeneration,
  writeGenerations,
} from './generations';
import { changesFromEvents } from './projection/division-changes';
import { REDIS_PROJECTION, writeProjection } from './projection/write-projection';
import {
  readAthleteBody,
  readDivisionRanks,
  readDivisionStats,
  readLeaderboard,
  readRankingsPage,
  scanAthleteIds,
} from './views/read-views';
import { AthleteDivisions } from './views/athlete-divisions';
import { readCacheWatermark } from './projection-state';
import { hasAppliedEvent, markEventsApplied } from './applied/applied-markers';
import { EventWaiters } from './applied/event-waiters';

/**
 * The Redis read model on a real 3-node Redis Cluster (started from the machine's
 * redis-server): the projector's batches span divisions on different nodes, and every
 * view read back is checked against a truth the test computes from its own match list.
 */
let cluster: RunningRedisCluster;
let redis: Cluster;

beforeAll(async () => {
  cluster = await startRedisCluster(3);
  // The services' path: REDIS_CLUSTER_NODES set wins over REDIS_URL (nothing listens there).
  const store = createRedisStore({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_CLUSTER_NODES: cluster.nodes }, { commandTimeoutMs: 5000 });
  if (!isCluster(store)) throw new Error('REDIS_CLUSTER_NODES did not give a cluster client');
  redis = store;
}, 90_000);

afterAll(async () => {
  redis?.disconnect();
  await cluster?.stop();
});

const f = createEventFactory({ seed: 'c1a5' });
const DIVISIONS = 8;
const ATHLETES = 12;
const MATCHES = 40;

interface Result {
  matchId: string;
  red: string;
  blue: string;
  winner: string | null;
  completedAt: string;
}

/** Seeded divisions with many ties and draws; a tenth of the matches corrected later. */
function scenario() {
  const events: AnyEvent[] = [];
  const divisions: Array<{ divisionId: string; athletes: Map<string, string>; results: Map<string, Result> }> = [];
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const corrections: AnyEvent[] = [];
  for (let d = 0; d < DIVISIONS; d++) {
    const divisionId = f.nextId();
    const athletes = new Map<string, string>();
    const results = new Map<string, Result>();
    events.push(f.divisionCreated(divisionId, `Division ${d}`));
    for (let a = 0; a < ATHLETES; a++) {
      const athleteId = `${divisionId.slice(-4)}-a${String(a).padStart(2, '0')}`;
      athletes.set(athleteId, `Athlete ${d}.${a}`);
      events.push(f.athleteRegistered(divisionId, athleteId, `Athlete ${d}.${a}`));
    }
    const ids = [...athletes.keys()];
    for (let m = 0; m < MATCHES; m++) {
      const red = ids[Math.floor(random() * ATHLETES)];
      const blue = ids[(ids.indexOf(red) + 1 + Math.floor(random() * (ATHLETES - 1))) % ATHLETES];
      const roll = random();
      const result: Result = {
        matchId: f.nextId(),
        red,
        blue,
        winner: roll < 0.2 ? null : roll < 0.6 ? red : blue,
        completedAt: new Date(Date.UTC(2026, 0, 1) + m * 3_600_000).toISOString(),
      };
      results.set(result.matchId, result);
      events.push(f.matchCompleted(divisionId, result));
      if (m % 10 === 3) {
        const corrected = { ...result, winner: result.winner === red ? blue : red };
        results.set(result.matchId, corrected);
        corrections.push(f.resultCorrected(divisionId, { ...corrected, revision: 2 }));
      }
    }
    divisions.push({ divisionId, athletes, results });
  }
  return { events, corrections, divisions };
}

/** CONTRACT §4 from the test's own results: 3 points a win, 1 a draw; points, wins desc, losses asc, id asc. */
function truthOf(athletes: Map<string, string>, results: Map<string, Result>) {
  const rows = [...athletes].map(([athleteId, name]) => ({ athleteId, name, points: 0, wins: 0, draws: 0, losses: 0 }));
  const byId = new Map(rows.map((r) => [r.athleteId, r]));
  for (const { red, blue, winner } of results.values()) {
    for (const id of [red, blue]) {
      const row = byId.get(id)!;
      if (winner === null) row.draws++;
      else if (winner === id) row.wins++;
      else row.losses++;
      row.points = row.wins * 3 + row.draws;
    }
  }
  rows.sort((a, b) => b.points - a.points || b.wins - a.wins || a.losses - b.losses || (a.athleteId < b.athleteId ? -1 : 1));
  const lastMatchAt = [...results.values()]
    .map((r) => r.completedAt)
    .sort()
    .at(-1)!;
  return { ranked: rows.map((r, i) => ({ rank: i + 1, ...r })), matches: results.size, lastMatchAt };
}

/** What the projector's Redis store does per batch: resolve generations, one write. */
async function project(prefix: string, events: AnyEvent[], batchSize: number) {
  const generations = createGenerationResolver(redis, prefix, 0);
  for (let i = 0; i < events.length; i += batchSize) {
    const batch = events.slice(i, i + batchSize);
    await writeProjection(redis, prefix, {
      generations: writeGenerations(await generations()),
      changes: changesFromEvents(batch),
      newestOccurredAt: Math.max(...batch.map((e) => Date.parse(e.occurredAt))),
    });
  }
}

describe('Redis read model on a 3-node Redis Cluster', () => {
  it('projects batches spanning divisions on several nodes and serves every hot view equal to the truth', async () => {
    // given
    const prefix = `${uniqueName('cluster')}:`;
    const { events, corrections, divisions } = scenario();
    const subscriber = redis.duplicate();
    const waiters = new EventWaiters({ redis, subscriber, prefix, maxWaiters: 10 });
    await waiters.start();
    const lastCorrection = corrections.at(-1)!;
    const waited = waiters.waitFor(REDIS_PROJECTION, null, lastCorrection.eventId, 30_000);
    // when: shuffled, so nearly every batch touches several divisions (and nodes)
    await project(prefix, [...seededShuffle(events, 11), ...corrections], 50);
    // then: the waiter heard the batch through the cluster's pub/sub
    await expect(waited).resolves.toBe(true);
    await waiters.stop();
    const { live } = await resolveGenerations(redis, prefix);
    const athleteDivisions = new AthleteDivisions(redis, prefix);
    for (const { divisionId, athletes, results } of divisions) {
      const truth = truthOf(athletes, results);
      const pick = ({ rank, athleteId, name, points }: (typeof truth.ranked)[number]) => ({ rank, athleteId, name, points });
      expect(await readLeaderboard(redis, prefix, live, divisionId, 100)).toEqual(truth.ranked.map(pick));
      expect(await readLeaderboard(redis, prefix, live, divisionId, 10)).toEqual(truth.ranked.slice(0, 10).map(pick));
      const first = (await readRankingsPage(redis, prefix, live, divisionId, 5, null))!;
      const second = (await readRankingsPage(redis, prefix, live, divisionId, 5, first.last))!;
      const page = JSON.parse(`[${first.items.toString()},${second.items.toString()}]`) as Array<Record<string, unknown>>;
      expect(page).toEqual(truth.ranked.slice(0, 10).map((row) => expect.objectContaining(row)));
      expect(first.total).toBe(ATHLETES);
      for (const row of truth.ranked) {
        expect(await athleteDivisions.divisionOf(row.athleteId)).toBe(divisionId);
        const body = JSON.parse((await readAthleteBody(redis, prefix, live, divisionId, row.athleteId))!.toString()) as unknown;
        expect(body).toEqual(expect.objectContaining(row));
      }
      const ids = [...athletes.keys()].reverse();
      const rankOf = new Map(truth.ranked.map((r) => [r.athleteId, r.rank]));
      expect(await readDivisionRanks(redis, prefix, live, divisionId, ids)).toEqual(ids.map((id) => rankOf.get(id)));
      expect(await readDivisionStats(redis, prefix, live, divisionId)).toEqual({
        divisionId,
        athletes: ATHLETES,
        matchesCompleted: truth.matches,
        lastMatchAt: truth.lastMatchAt,
      });
    }
    // waitFor markers: every event is found from its own division and, through its hint, from another
    for (const event of seededShuffle([...events, ...corrections], 3).slice(0, 60)) {
      expect(await hasAppliedEvent(redis, prefix, REDIS_PROJECTION, event.divisionId, event.eventId)).toBe(true);
      expect(await hasAppliedEvent(redis, prefix, REDIS_PROJECTION, divisions[0].divisionId, event.eventId)).toBe(true);
    }
    expect(await hasAppliedEvent(redis, prefix, REDIS_PROJECTION, divisions[0].divisionId, f.nextId())).toBe(false);
    const newest = Math.max(...[...events, ...corrections].map((e) => Date.parse(e.occurredAt)));
    expect(await readCacheWatermark(redis, prefix, live)).toMatchObject({ newestOccurredAt: newest });
    // the division keys really are spread: every key of a division in its slot, the divisions on more than one node
    const holders = await divisionKeyHolders(prefix);
    for (const { divisionId } of divisions) {
      const slots = new Set([...holders.get(divisionId)!.keys].map(slotOf));
      expect([...slots]).toEqual([slotOf(`{${divisionId}}`)]);
      expect(holders.get(divisionId)!.nodes.size).toBe(1);
    }
    expect(new Set([...holders.values()].map((h) => [...h.nodes][0])).size).toBeGreaterThan(1);
  });

  it('stores and announces markers of another projection across nodes, and waits for them', async () => {
    // given
    const prefix = `${uniqueName('cluster')}:`;
    const [d1, d2, d3] = [f.nextId(), f.nextId(), f.nextId()];
    const applied = [d1, d2, d3, d1].map((divisionId) => ({ divisionId, eventId: f.nextId() }));
    const subscriber = redis.duplicate();
    const waiters = new EventWaiters({ redis, subscriber, prefix, maxWaiters: 10 });
    await waiters.start();
    const waits = applied.map((a) => waiters.waitFor('elasticsearch', null, a.eventId, 30_000));
    // when
    await markEventsApplied(redis, prefix, 'elasticsearch', applied);
    // then
    await expect(Promise.all(waits)).resolves.toEqual([true, true, true, true]);
    for (const a of applied) expect(await hasAppliedEvent(redis, prefix, 'elasticsearch', d2, a.eventId)).toBe(true);
    expect(await hasAppliedEvent(redis, prefix, REDIS_PROJECTION, d2, applied[0].eventId)).toBe(false);
    await waiters.stop();
  });

  it('rebuilds into a new generation, promotes it and drops the old one on every node', async () => {
    // given
    const prefix = `${uniqueName('cluster')}:`;
    const { events, corrections, divisions } = scenario();
    await project(prefix, events, 200);
    const before = await resolveGenerations(redis, prefix);
    // when: a building generation receives the live writes too, then takes over
    const building = await startBuildingGeneration(redis, prefix);
    await project(prefix, [...events, ...corrections], 200);
    const promoted = await promoteBuildingGeneration(redis, prefix);
    const dropped = await dropGeneration(redis, prefix, before.live);
    // then
    expect(promoted).toEqual({ previous: before.live, current: building });
    expect(dropped).toBeGreaterThan(DIVISIONS * 5);
    const { divisionId, athletes, results } = divisions[1];
    expect((await readLeaderboard(redis, prefix, building, divisionId, 3))!.map((i) => i.athleteId)).toEqual(
      truthOf(athletes, results)
        .ranked.slice(0, 3)
        .map((r) => r.athleteId),
    );
    expect(await readLeaderboard(redis, prefix, before.live, divisionId, 3)).toBeNull();
    const scanned: string[] = [];
    for await (const ids of scanAthleteIds(redis, prefix, building)) scanned.push(...ids);
    expect(scanned).toHaveLength(DIVISIONS * ATHLETES);
  });
});

/** Which master holds each division's keys (a SCAN per node). */
async function divisionKeyHolders(prefix: string) {
  const holders = new Map<string, { keys: Set<string>; nodes: Set<string> }>();
  for (const node of redis.nodes('master')) {
    const name = `${node.options.host}:${node.options.port}`;
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}{*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const divisionId = key.slice(prefix.length + 1, key.indexOf('}'));
        const holder = holders.get(divisionId) ?? { keys: new Set<string>(), nodes: new Set<string>() };
        holder.keys.add(key);
        holder.nodes.add(name);
        holders.set(divisionId, holder);
      }
    } while (cursor !== '0');
  }
  expect(holders.size).toBe(DIVISIONS);
  return holders;
}
