import type { Redis } from 'ioredis';
import { AthleteState, divisionSortKey, mergeAthleteStates, toRankingEntry } from '@app/rankings';
import { cacheKeys, GenerationKeys } from './keys';
import { WRITE_BATCH_SCRIPT } from './write-script';

export interface CacheWrite {
  /** States to merge into what each generation holds (deltas from events, or snapshot rows). */
  states: AthleteState[];
  /** Divisions to mark as known, with their name when the batch saw it. */
  divisions?: Array<{ divisionId: string; name?: string }>;
  /** The newest event time this write makes stored; omitted by snapshot writes. */
  newestOccurredAt?: number | null;
  /** Event ids to remember as applied (for `waitFor`), stored in the same transaction. */
  appliedEventIds?: string[];
}

export const REDIS_PROJECTION = 'redis';
/** How long applied-event markers are kept for read-your-own-writes. */
export const APPLIED_EVENT_TTL_SECONDS = 900;
const MAX_CONFLICT_RETRIES = 20;

export class CacheWriteConflictError extends Error {}

/**
 * Read-merge-write of a batch into every given generation, in one atomic script per
 * attempt. Merging with libs/rankings is commutative, so a live event and a rebuild
 * snapshot can land in either order with the same result; duplicates change nothing.
 */
export async function writeToGenerations(redis: Redis, prefix: string, generations: string[], write: CacheWrite): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const payload = await buildPayload(redis, prefix, generations, write);
    const result = (await redis.eval(WRITE_BATCH_SCRIPT, 0, JSON.stringify(payload))) as string;
    if (result === 'OK') return;
    if (attempt >= MAX_CONFLICT_RETRIES) throw new CacheWriteConflictError(`${result} kept changing during ${attempt} attempts`);
  }
}

interface AthleteWrite {
  key: string;
  expectV: number;
  state: string;
  entry: string;
  sortKey: string;
  oldSortKey: string;
  leaderboard: string;
  matchesKey: string;
  matches: Array<[string, number]>;
}

async function buildPayload(redis: Redis, prefix: string, generations: string[], write: CacheWrite) {
  const keys = cacheKeys(prefix);
  const gens = generations.map((g) => keys.generation(g));
  const deltas = mergeDuplicates(write.states);
  const stored = await readStored(redis, gens, deltas);
  const athletes: AthleteWrite[] = [];
  gens.forEach((genKeys, g) => {
    deltas.forEach((delta, i) => athletes.push(athleteWrite(genKeys, delta, stored[g][i])));
  });
  const divisions = gens.flatMap((genKeys) => (write.divisions ?? []).map((d) => [genKeys.division(d.divisionId), d.name ?? '']));
  const now = Date.now();
  const watermarks = write.newestOccurredAt ? gens.map((genKeys) => [genKeys.projectionState, write.newestOccurredAt, now]) : [];
  const applied = (write.appliedEventIds ?? []).map((id) => keys.appliedEvent(REDIS_PROJECTION, id));
  return { athletes, divisions, watermarks, applied, appliedTtl: APPLIED_EVENT_TTL_SECONDS };
}

interface StoredAthlete {
  v: number;
  state: AthleteState | null;
  sortKey: string;
}

/** One pipelined round trip for every (generation, athlete) pair. */
async function readStored(redis: Redis, gens: GenerationKeys[], states: AthleteState[]): Promise<StoredAthlete[][]> {
  const pipeline = redis.pipeline();
  for (const genKeys of gens) for (const s of states) pipeline.hmget(genKeys.athlete(s.athleteId), 'v', 'state', 'sortKey');
  const replies = (await pipeline.exec()) ?? [];
  const out: StoredAthlete[][] = gens.map(() => []);
  replies.forEach(([error, reply], i) => {
    if (error) throw error;
    const [v, state, sortKey] = reply as [string | null, string | null, string | null];
    out[Math.floor(i / states.length)].push({
      v: Number(v ?? 0),
      state: state ? (JSON.parse(state) as AthleteState) : null,
      sortKey: sortKey ?? '',
    });
  });
  return out;
}

function athleteWrite(genKeys: GenerationKeys, delta: AthleteState, stored: StoredAthlete): AthleteWrite {
  const merged = stored.state ? mergeAthleteStates(stored.state, delta) : delta;
  const entry = toRankingEntry(merged);
  return {
    key: genKeys.athlete(merged.athleteId),
    expectV: stored.v,
    state: JSON.stringify(merged),
    entry: entry ? JSON.stringify(entry) : '',
    sortKey: entry ? divisionSortKey(entry) : '',
    oldSortKey: stored.sortKey,
    leaderboard: genKeys.leaderboard(merged.divisionId),
    matchesKey: genKeys.matches(merged.divisionId),
    matches: Object.entries(merged.matches).map(([matchId, m]) => [matchId, Date.parse(m.completedAt)]),
  };
}

/** One write per athlete: two guarded writes of the same key in one script would lose one. */
function mergeDuplicates(states: AthleteState[]): AthleteState[] {
  const byId = new Map<string, AthleteState>();
  for (const s of states) {
    const seen = byId.get(s.athleteId);
    byId.set(s.athleteId, seen ? mergeAthleteStates(seen, s) : s);
  }
  return [...byId.values()];
}
