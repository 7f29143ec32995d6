/**
 * Freshness of one projection, measured on what it has actually stored.
 *
 * `sourceNewest` is the newest event time known to exist upstream (the relay's watermark,
 * or a newer event the consumer has already read); `storedNewest` is the newest event time
 * the projection's store acknowledges having applied (read back from the store).
 *
 * Caught up (stored ≥ source) reads 0 however long the source has been idle. Behind reads
 * the larger of the event-time gap and how long the projection has been behind, so a
 * projector that stops storing keeps growing towards the SLA even when no new events
 * arrive (the incident: nothing new after midnight, eight hours of a frozen page).
 */
export interface FreshnessInput {
  now: number;
  sourceNewest: number | null;
  storedNewest: number | null;
  /** When this monitor first saw the projection behind (carried between evaluations). */
  behindSince: number | null;
}

export interface FreshnessResult {
  lagMs: number;
  behindSince: number | null;
}

export function evaluateFreshness({ now, sourceNewest, storedNewest, behindSince }: FreshnessInput): FreshnessResult {
  if (sourceNewest === null) return { lagMs: 0, behindSince: null };
  if (storedNewest !== null && storedNewest >= sourceNewest) return { lagMs: 0, behindSince: null };
  const since = behindSince ?? now;
  const gap = storedNewest === null ? now - sourceNewest : sourceNewest - storedNewest;
  return { lagMs: Math.max(0, gap, now - since), behindSince: since };
}
