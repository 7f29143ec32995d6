import type { AnyEvent } from '@app/contracts';

export type ProjectionName = 'elasticsearch' | 'redis';

/** What one consumed batch asks a store to make durable. */
export interface ProjectionBatch {
  /** Events to apply, in topic order. */
  events: AnyEvent[];
  /** Every well-formed event id of the batch, applied or skipped (for waitFor markers). */
  eventIds: string[];
  /** Newest occurredAt (ms) among well-formed events, skipped ones included. */
  newestOccurredAt: number | null;
}

export interface StoredWatermark {
  newestOccurredAt: number | null;
  appliedAt: number | null;
}

/**
 * A read store a projector writes to. `apply` resolves only once the store acknowledged
 * the data AND the watermark; it throws otherwise, and the batch is retried, never dropped.
 */
export interface ProjectionStore {
  readonly name: ProjectionName;
  apply(batch: ProjectionBatch): Promise<void>;
  /** Reads the watermark back from the store itself (throws if the store cannot answer). */
  readWatermark(): Promise<StoredWatermark>;
  /** True while a rebuild target (building index / generation) is registered. */
  isRebuilding(): Promise<boolean>;
}
