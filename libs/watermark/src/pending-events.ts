/**
 * Freshness (CONTRACT §4): the age, since its commit in Postgres, of the oldest committed
 * event a projection has not yet stored; 0 when none is pending.
 *
 * Pending events live in two places: the outbox (committed, not yet published: the
 * relay's backlog) and the topic after the projection's committed offset (published, not
 * yet stored: a projection commits an offset only after its store acknowledged). This
 * module turns observations of both into the commit time of the oldest pending event.
 *
 * The commit time of the first pending message of a partition is known exactly when this
 * process holds it (fetched, store write in flight). Otherwise it is bounded by when the
 * message appeared: it was appended after the last observation whose end offset did not
 * yet include it and no later than the first observation that did. The later bound is
 * used, so an unobserved wait never reads as more than it is (no false alarm), while a
 * stuck partition still grows one second per second from its first sighting.
 */

export interface PartitionObservation {
  partition: number;
  /** The projection's committed offset: the next message it has not stored. */
  committed: bigint;
  /** The topic's end offset: the next message to be appended. */
  end: bigint;
  /** Commit time (ms) of the oldest message this process holds but has not stored, if any. */
  heldSince?: number | null;
}

interface Sighting {
  at: number;
  end: bigint;
}

/** Per partition, when each end offset was first seen: enough history to date the first pending message. */
export class PendingEventsTracker {
  private readonly sightings = new Map<number, Sighting[]>();

  /** Commit time (ms) of the oldest pending published event, null when every partition is caught up. */
  observe(now: number, partitions: PartitionObservation[]): number | null {
    let oldest: number | null = null;
    for (const p of partitions) {
      const since = this.pendingSince(now, p);
      if (since !== null && (oldest === null || since < oldest)) oldest = since;
    }
    return oldest;
  }

  private pendingSince(now: number, { partition, committed, end, heldSince }: PartitionObservation): number | null {
    const history = this.sightings.get(partition) ?? [];
    if (history.length === 0 || history[history.length - 1].end < end) history.push({ at: now, end });
    // Sightings whose messages are all stored can no longer date a pending message.
    while (history.length > 0 && history[0].end <= committed) history.shift();
    this.sightings.set(partition, history);
    if (committed >= end) return null;
    const sighted = history.length > 0 ? history[0].at : now;
    return heldSince != null ? Math.min(heldSince, sighted) : sighted;
  }
}

export interface LagInput {
  now: number;
  /** Oldest pending published event (from the tracker); null when none. */
  oldestPublishedPendingAt: number | null;
  /** Age (ms) of the oldest committed event still in the outbox; 0 when the outbox is drained. */
  outboxOldestAgeMs: number;
}

/** The lag in ms: the older of the two kinds of pending events, 0 when nothing is pending. */
export function freshnessLagMs({ now, oldestPublishedPendingAt, outboxOldestAgeMs }: LagInput): number {
  const published = oldestPublishedPendingAt === null ? 0 : Math.max(0, now - oldestPublishedPendingAt);
  return Math.round(Math.max(published, outboxOldestAgeMs, 0));
}
