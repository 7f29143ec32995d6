/**
 * Every Redis key of the read models, in one place. Read models live under a generation
 * (`gen:<n>:`) so a rebuild can fill a new generation while the live one keeps serving,
 * then switch the pointer in one step.
 */
export function cacheKeys(prefix: string) {
  return {
    /** String: the generation reads are served from. */
    liveGeneration: `${prefix}generation`,
    /** String: a generation being rebuilt, which live writes also reach. */
    buildingGeneration: `${prefix}generation:building`,
    /** Counter handing out generation numbers. */
    generationSequence: `${prefix}generation:seq`,
    /** String with TTL: the projection has stored this event (read-your-own-writes). */
    appliedEvent: (projection: string, eventId: string) => `${prefix}applied:${projection}:${eventId}`,
    generation: (gen: string) => generationKeys(`${prefix}gen:${gen}:`),
  };
}

export function generationKeys(base: string) {
  return {
    /** Prefix of every key of this generation (for SCAN/UNLINK when dropping it). */
    all: base,
    /** Hash {state, v, entry, sortKey}: the athlete's mergeable state and what reads need. */
    athlete: (athleteId: string) => `${base}athlete:${athleteId}`,
    athletePrefix: `${base}athlete:`,
    /** Sorted set, all scores 0, members `divisionSortKey`: lexicographic = division order. */
    leaderboard: (divisionId: string) => `${base}leaderboard:${divisionId}`,
    /** Sorted set matchId -> completedAt (ms) of the division's completed matches. */
    matches: (divisionId: string) => `${base}matches:${divisionId}`,
    /** Hash {known, name}: the division exists. */
    division: (divisionId: string) => `${base}division:${divisionId}`,
    /** Hash {newestOccurredAt, appliedAt}: the projector's watermark, written with its data. */
    projectionState: `${base}projection`,
  };
}

export type CacheKeys = ReturnType<typeof cacheKeys>;
export type GenerationKeys = ReturnType<typeof generationKeys>;
