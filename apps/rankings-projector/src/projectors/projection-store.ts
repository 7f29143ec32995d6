import type { AnyEvent } from '@app/contracts';

export type ProjectionName = 'elasticsearch' | 'redis';

/** Where a batch comes from: its partition and the offset after its last message. */
export interface BatchSource {
  partition: number;
  nextOffset: string;
}

/** What one consumed batch asks a store to make durable. */
export interface ProjectionBatch {
  /** Events to apply, in topic order. */
  events: AnyEvent[];
  /** Every well-formed event id of the batch, applied or skipped (for waitFor markers). */
  eventIds: string[];
  /** The same events with their division (markers are kept per division). */
  applied: Array<{ eventId: string; divisionId: string }>;
  /** Newest occurredAt (ms) among well-formed events, skipped ones included. */
  newestOccurredAt: number | null;
  /** The partition slice this batch is (absent for batches built outside a consumer, e.g. tests). */
  source?: BatchSource;
}

export interface StoredWatermark {
  newestOccurredAt: number | null;
  appliedAt: number | null;
}

/**
 * The port a read store plugs into the projector with. `apply` resolves only once the
 * store acknowledged the data AND its markers; it throws otherwise, and the batch is
 * retried (possibly after a partial write, so applying must be idempotent), never dropped.
 * Batches of different partitions may be applied concurrently; one partition's batches
 * arrive in order. The projector commits the batch's offsets after `apply` resolved.
 */
export interface ProjectionStore {
  readonly name: ProjectionName;
  apply(batch: ProjectionBatch): Promise<void>;
  /** Reads the watermark back from the store itself (throws if the store cannot answer). */
  readWatermark(): Promise<StoredWatermark>;
  /** True while a rebuild target (building index / generation) is registered. */
  isRebuilding(): Promise<boolean>;
  /** Releases timers the store keeps (e.g. marker retries) and waits for writes still running; called once consumption stopped. */
  stop?(): void | Promise<void>;
}
