/**
 * Every Redis key of the read models, in one place.
 *
 * Cluster-ready layout: every key of one division carries the hash tag `{<divisionId>}`,
 * so the projector's per-division script and every read script touch one slot only, and
 * every script declares the keys it touches. Read models live under a generation (`g<n>`)
 * so a rebuild can fill a new generation while the live one keeps serving, then switch
 * the pointer in one step; both generations of a division share its slot, so one live
 * batch can reach both.
 */
/** How long waitFor markers and event hints are kept (markers are trimmed by the writes that add new ones). */
export const APPLIED_EVENT_TTL_MS = 15 * 60_000;

export function cacheKeys(prefix: string) {
  return {
    /** String: the generation reads are served from. */
    liveGeneration: `${prefix}generation`,
    /**
     * String: a generation being rebuilt, which live writes also reach. Its hash tag is the
     * whole name of the live pointer (a key without braces hashes as a whole), so both
     * pointers share one cluster slot: read together, swapped by one script.
     */
    buildingGeneration: `{${prefix}generation}:building`,
    /** Counter handing out generation numbers. */
    generationSequence: `${prefix}generation:seq`,
    /**
     * Hash athleteId → divisionId. An athlete never changes division (CONTRACT §2), so
     * readers may cache it forever; it finds the division slot of `/athletes/:id`.
     */
    athleteDivisions: `${prefix}athlete-divisions`,
    /**
     * String with TTL: the division of an event the projectors have seen. A hint only (the
     * marker below says whether it is stored): lets `waitFor` find the marker of an event
     * of another division than the read's.
     */
    eventDivision: (eventId: string) => `${prefix}event-division:${eventId}`,
    /** Sorted set eventId → applied at (ms): the projection has stored this event (waitFor). */
    applied: (projection: string, divisionId: string) => `${prefix}{${divisionId}}:applied:${projection}`,
    /**
     * Hash {newestOccurredAt, appliedAt} of a generation, written after its data (on a
     * cluster, in a later step than the data: it lives in a slot of its own).
     */
    projectionState: (gen: string) => `${prefix}g${gen}:projection`,
    /** SCAN pattern of every key of a generation. */
    generationPattern: (gen: string) => `${prefix}{*}:g${gen}:*`,
    division: (gen: string, divisionId: string) => divisionKeys(`${prefix}{${divisionId}}:g${gen}:`),
  };
}

/** The keys of one division in one generation, in the order the scripts declare them. */
export function divisionKeys(base: string) {
  return {
    /** Hash matchId → `rev|ms|iso|athleteLow|athleteHigh|winner`: the latest known result of each match. */
    facts: `${base}facts`,
    /** Sorted set matchId → completedAt (ms): count and newest completed match. */
    completed: `${base}completed`,
    /** Hash athleteId → JSON {w, d, l, p: profile, f: recent form (bounded)}: running aggregates. */
    athletes: `${base}athletes`,
    /** Hash athleteId → the ranking entry's JSON after `"rank":N,` (served as bytes). */
    entries: `${base}entries`,
    /** Sorted set athleteId → composite score; ascending order (ties by id) = division order. */
    order: `${base}order`,
    /** Hash {known, name, lbVersion, top10, firstPage, firstPageMeta, stats}: bodies served as they are. */
    views: `${base}views`,
    /** Hash athleteId → the leaderboard item's JSON after `"rank":N,`. */
    leaderboardItems: `${base}lbitems`,
  };
}

export type CacheKeys = ReturnType<typeof cacheKeys>;
export type DivisionKeys = ReturnType<typeof divisionKeys>;

/** KEYS of the apply script, in its order (the marker set comes last, outside the generation). */
export function applyScriptKeys(keys: DivisionKeys, appliedKey: string): string[] {
  return [keys.facts, keys.completed, keys.athletes, keys.entries, keys.order, keys.views, keys.leaderboardItems, appliedKey];
}
