import type { AnyEvent } from '@app/contracts';
import { CoalescingStore, mergeBatches } from './coalescing.store';
import type { ProjectionBatch, ProjectionStore } from './projection-store';

/** The store behind the coalescer: records every write it receives; fails while `failing` is set. */
class RecordingStore implements ProjectionStore {
  readonly name = 'redis' as const;
  readonly writes: ProjectionBatch[] = [];
  failing: Error | null = null;
  /** Which writes fail while `failing` is set (default: all). */
  failsWhen: (batch: ProjectionBatch) => boolean = () => true;
  stopped = 0;

  async apply(batch: ProjectionBatch): Promise<void> {
    this.writes.push(batch);
    await Promise.resolve();
    if (this.failing && this.failsWhen(batch)) throw this.failing;
  }
  readWatermark = () => Promise.resolve({ newestOccurredAt: 7, appliedAt: 8 });
  isRebuilding = () => Promise.resolve(true);
  stop() {
    this.stopped++;
  }
}

/** A partition's batch of `size` events (the events are opaque to the coalescer). */
function batchOf(partition: number, size: number, newestOccurredAt: number | null = 1000 + partition): ProjectionBatch {
  const ids = Array.from({ length: size }, (_, i) => `p${partition}-e${i}`);
  return {
    events: ids.map((eventId) => ({ eventId }) as unknown as AnyEvent),
    eventIds: ids,
    applied: ids.map((eventId) => ({ eventId, divisionId: `d${partition}` })),
    newestOccurredAt,
    source: { partition, nextOffset: String(size) },
  };
}

describe('CoalescingStore', () => {
  it('writes the batches that arrive in one turn of the event loop as one batch holding all of them', async () => {
    const inner = new RecordingStore();
    const store = new CoalescingStore(inner);
    const batches = [batchOf(0, 3), batchOf(1, 2), batchOf(2, 4, null)];
    await Promise.all(batches.map((b) => store.apply(b)));
    expect(inner.writes).toHaveLength(1);
    const [written] = inner.writes;
    expect(written.eventIds).toEqual(batches.flatMap((b) => b.eventIds));
    expect(written.events).toEqual(batches.flatMap((b) => b.events));
    expect(written.applied).toEqual(batches.flatMap((b) => b.applied));
    expect(written.newestOccurredAt).toBe(1001);
  });

  it('writes a batch that comes in a later turn on its own, and a lone batch as it is', async () => {
    const inner = new RecordingStore();
    const store = new CoalescingStore(inner);
    const first = batchOf(0, 2);
    await store.apply(first);
    await store.apply(batchOf(1, 2));
    expect(inner.writes).toHaveLength(2);
    expect(inner.writes[0]).toBe(first);
  });

  it('leaves batches past the size limit to their own writes, merging only what fits', async () => {
    const inner = new RecordingStore();
    const store = new CoalescingStore(inner, 10);
    await Promise.all([batchOf(0, 4), batchOf(1, 5), batchOf(2, 8), batchOf(3, 20), batchOf(4, 1)].map((b) => store.apply(b)));
    expect(inner.writes.map((w) => w.eventIds.length)).toEqual([9, 8, 20, 1]);
  });

  it('fails every batch a failed write carried, and only those', async () => {
    const inner = new RecordingStore();
    const store = new CoalescingStore(inner, 5);
    inner.failing = new Error('store down');
    inner.failsWhen = (batch) => batch.eventIds.length === 4; // the merged write of the first two
    const carried = [store.apply(batchOf(0, 2)), store.apply(batchOf(1, 2))];
    const alone = store.apply(batchOf(2, 5));
    const outcomes = await Promise.allSettled([...carried, alone]);
    expect(inner.writes.map((w) => w.eventIds.length)).toEqual([4, 5]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((outcomes[0] as PromiseRejectedResult).reason).toBe(inner.failing);

    inner.failing = null;
    await expect(store.apply(batchOf(0, 2))).resolves.toBeUndefined();
  });

  it('fails the batches of a store that throws instead of returning a promise (the process goes on)', async () => {
    const inner = new RecordingStore();
    const broken = new Error('thrown at once');
    inner.apply = () => {
      throw broken;
    };
    const store = new CoalescingStore(inner);
    const outcomes = await Promise.allSettled([store.apply(batchOf(0, 1)), store.apply(batchOf(1, 1))]);
    expect(outcomes).toEqual([
      { status: 'rejected', reason: broken },
      { status: 'rejected', reason: broken },
    ]);
  });

  it('does not settle a batch before the write that carries it settled', async () => {
    let release!: () => void;
    const inner = new RecordingStore();
    inner.apply = (batch) => {
      inner.writes.push(batch);
      return new Promise<void>((resolve) => (release = resolve));
    };
    const store = new CoalescingStore(inner);
    let settled = 0;
    const both = [store.apply(batchOf(0, 1)), store.apply(batchOf(1, 1))].map((p) => p.then(() => settled++));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(inner.writes).toHaveLength(1);
    expect(settled).toBe(0);
    release();
    await Promise.all(both);
    expect(settled).toBe(2);
  });

  it('reads the watermark, the rebuild state and stops through the store it wraps', async () => {
    const inner = new RecordingStore();
    const store = new CoalescingStore(inner);
    expect(store.name).toBe('redis');
    await expect(store.readWatermark()).resolves.toEqual({ newestOccurredAt: 7, appliedAt: 8 });
    await expect(store.isRebuilding()).resolves.toBe(true);
    await store.stop();
    expect(inner.stopped).toBe(1);
  });
});

describe('mergeBatches', () => {
  it('has no newest event time when no batch has one', () => {
    expect(mergeBatches([batchOf(0, 1, null), batchOf(1, 1, null)]).newestOccurredAt).toBeNull();
  });
});
