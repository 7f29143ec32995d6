import { randomUUID } from 'node:crypto';
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
    const { payload, values, merged } = await buildPayload(redis, prefix, generations, write);
    // The (large) state and entry strings travel as arguments of their own, not inside the
    // JSON payload, so they are not escaped, copied and decoded a second time.
    const result = (await redis.eval(WRITE_BATCH_SCRIPT, 0, JSON.stringify(payload), ...values)) as string;
    if (result === 'OK') {
      payload.athletes.forEach((a, i) => rememberParsed(a.key, a.token, merged[i]));
      return;
    }
    if (attempt >= MAX_CONFLICT_RETRIES) throw new CacheWriteConflictError(`${result} kept changing during ${attempt} attempts`);
  }
}

interface AthleteWrite {
  key: string;
  expectV: number;
  /** Unique per write; stored as field `w` beside the state it names. */
  token: string;
  /** ARGV index of the state JSON. */
  stateArg: number;
  /** ARGV index of the entry JSON ('' while unregistered). */
  entryArg: number;
  sortKey: string;
  oldSortKey: string;
  leaderboard: string;
  matchesKey: string;
  /** The division's match index entries this write adds or moves (the rest are there already). */
  matches: Array<[string, number]>;
}

async function buildPayload(redis: Redis, prefix: string, generations: string[], write: CacheWrite) {
  const keys = cacheKeys(prefix);
  const gens = generations.map((g) => keys.generation(g));
  const deltas = mergeDuplicates(write.states);
  const stored = await readStored(redis, gens, deltas);
  const athletes: AthleteWrite[] = [];
  /** ARGV[2..]: ARGV[1] is the payload. */
  const values: string[] = [];
  const addValue = (value: string) => values.push(value) + 1;
  /** What each athlete write stores, parsed (kept in this process, not sent). */
  const merged: AthleteState[] = [];
  gens.forEach((genKeys, g) => {
    deltas.forEach((delta, i) => {
      const state = stored[g][i].state;
      const next = state ? mergeAthleteStates(state, delta) : delta;
      merged.push(next);
      athletes.push(athleteWrite(genKeys, next, stored[g][i], addValue));
    });
  });
  const divisions = gens.flatMap((genKeys) => (write.divisions ?? []).map((d) => [genKeys.division(d.divisionId), d.name ?? '']));
  const now = Date.now();
  const watermarks = write.newestOccurredAt ? gens.map((genKeys) => [genKeys.projectionState, write.newestOccurredAt, now]) : [];
  const applied = (write.appliedEventIds ?? []).map((id) => keys.appliedEvent(REDIS_PROJECTION, id));
  return { payload: { athletes, divisions, watermarks, applied, appliedTtl: APPLIED_EVENT_TTL_SECONDS }, values, merged };
}

/**
 * The states this process wrote last, parsed, by athlete key, with the write token stored
 * beside them. When the token read back is the same, the state is exactly the one this
 * process wrote, so the stored JSON need not be parsed again on the next event. Any other
 * writer (a rebuild, another instance) writes another token, and the state is parsed.
 * States are never mutated (libs/rankings merges into new objects).
 */
const parsedStates = new Map<string, { token: string; state: AthleteState }>();
const MAX_PARSED_STATES = 10_000;
const TOKEN_PREFIX = randomUUID();
let tokenCounter = 0;

function rememberParsed(key: string, token: string, state: AthleteState): void {
  parsedStates.delete(key);
  parsedStates.set(key, { token, state });
  if (parsedStates.size > MAX_PARSED_STATES) parsedStates.delete(parsedStates.keys().next().value as string);
}

interface StoredAthlete {
  v: number;
  state: AthleteState | null;
  sortKey: string;
}

/** One pipelined round trip for every (generation, athlete) pair. */
async function readStored(redis: Redis, gens: GenerationKeys[], states: AthleteState[]): Promise<StoredAthlete[][]> {
  const pipeline = redis.pipeline();
  for (const genKeys of gens) for (const s of states) pipeline.hmget(genKeys.athlete(s.athleteId), 'v', 'state', 'sortKey', 'w');
  const replies = (await pipeline.exec()) ?? [];
  const out: StoredAthlete[][] = gens.map(() => []);
  replies.forEach(([error, reply], i) => {
    if (error) throw error;
    const [v, state, sortKey, token] = reply as [string | null, string | null, string | null, string | null];
    const g = Math.floor(i / states.length);
    const cached = token ? parsedStates.get(gens[g].athlete(states[i % states.length].athleteId)) : undefined;
    out[g].push({
      v: Number(v ?? 0),
      state: state ? (cached?.token === token ? cached.state : (JSON.parse(state) as AthleteState)) : null,
      sortKey: sortKey ?? '',
    });
  });
  return out;
}

function athleteWrite(
  genKeys: GenerationKeys,
  merged: AthleteState,
  stored: StoredAthlete,
  addValue: (value: string) => number,
): AthleteWrite {
  const entry = toRankingEntry(merged);
  return {
    key: genKeys.athlete(merged.athleteId),
    expectV: stored.v,
    token: `${TOKEN_PREFIX}:${++tokenCounter}`,
    stateArg: addValue(JSON.stringify(merged)),
    entryArg: addValue(entry ? JSON.stringify(entry) : ''),
    sortKey: entry ? divisionSortKey(entry) : '',
    oldSortKey: stored.sortKey,
    leaderboard: genKeys.leaderboard(merged.divisionId),
    matchesKey: genKeys.matches(merged.divisionId),
    matches: changedMatches(stored.state, merged),
  };
}

/**
 * The matches whose entry in the division's match index (member: match id, score: its
 * completedAt in ms) this write must add or move. The stored state was written by the same
 * script together with an index entry for every one of its matches, so only matches that
 * are new or whose completedAt changed need writing, not the whole history every time.
 */
export function changedMatches(stored: AthleteState | null, merged: AthleteState): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const matchId of Object.keys(merged.matches)) {
    const completedAt = merged.matches[matchId].completedAt;
    if (stored?.matches[matchId]?.completedAt === completedAt) continue;
    out.push([matchId, Date.parse(completedAt)]);
  }
  return out;
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
