import type { ProjectionBatch, ProjectionStore, StoredWatermark } from './projection-store';

/**
 * Past this many events, batches waiting together are not merged into one write: a
 * replay's batches (each up to a fetch of about 1,700 events) gain nothing from one big
 * write and would lose the overlap of one partition's computing with another's request.
 */
const MAX_COALESCED_EVENTS = 1000;

interface Waiting {
  batch: ProjectionBatch;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * One store write for the batches of different partitions that reach the store in the
 * same turn of the event loop. kafkajs hands every partition of a fetch to its workers
 * at once and fetches again only when all of them are done, so under live load each
 * fetch brought one small batch per partition, each paying the store's round trips (an
 * mget, a bulk with its refresh, the markers) on its own while the others waited. Merged,
 * a fetch pays them once. Each caller's promise settles with the write that carried its
 * batch, so retries, the breaker and offset commits stay per partition, as before; a
 * partition's next batch comes only after its previous one settled, so order within a
 * partition is kept. The stores already accept batches of several partitions (their
 * writes converge whatever the order across partitions).
 */
export class CoalescingStore implements ProjectionStore {
  private waiting: Waiting[] = [];

  constructor(
    private readonly inner: ProjectionStore,
    private readonly maxEvents = MAX_COALESCED_EVENTS,
  ) {}

  get name() {
    return this.inner.name;
  }

  apply(batch: ProjectionBatch): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ batch, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => this.flush());
    });
  }

  readWatermark(): Promise<StoredWatermark> {
    return this.inner.readWatermark();
  }

  isRebuilding(): Promise<boolean> {
    return this.inner.isRebuilding();
  }

  async stop(): Promise<void> {
    await this.inner.stop?.();
  }

  private flush(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const group of groupsOf(waiting, this.maxEvents)) {
      const batch = group.length === 1 ? group[0].batch : mergeBatches(group.map((w) => w.batch));
      Promise.resolve()
        .then(() => this.inner.apply(batch)) // a store that throws at once fails its callers too, never the process
        .then(
          () => group.forEach((w) => w.resolve()),
          (error: unknown) => group.forEach((w) => w.reject(error)),
        );
    }
  }
}

/** Consecutive batches merged while their events stay within `maxEvents` (a larger batch goes alone). */
function groupsOf(waiting: Waiting[], maxEvents: number): Waiting[][] {
  const groups: Waiting[][] = [];
  let events = Infinity;
  for (const w of waiting) {
    const size = w.batch.eventIds.length;
    if (events + size > maxEvents) {
      groups.push([w]);
      events = size;
    } else {
      groups[groups.length - 1].push(w);
      events += size;
    }
  }
  return groups;
}

/** One batch holding the others' events, ids and markers; the newest event time of all. */
export function mergeBatches(batches: ProjectionBatch[]): ProjectionBatch {
  const newest = batches.map((b) => b.newestOccurredAt).filter((at): at is number => at !== null);
  return {
    events: batches.flatMap((b) => b.events),
    eventIds: batches.flatMap((b) => b.eventIds),
    applied: batches.flatMap((b) => b.applied),
    newestOccurredAt: newest.length > 0 ? Math.max(...newest) : null,
  };
}
