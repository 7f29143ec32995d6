import { sleep } from '../sleep';

/**
 * When to look at the outbox again, without a per-commit NOTIFY (its global commit lock
 * capped the write path). While reads keep finding rows the loop reads again at once;
 * each empty read doubles the pause from `minMs` up to `maxMs` (the poll interval). So a
 * steady stream is picked up within a millisecond or two, and an idle relay costs one
 * cheap index probe per `maxMs`.
 */
export class AdaptivePoll {
  private delayMs = 0;

  constructor(
    private readonly maxMs: number,
    private readonly minMs = 1,
  ) {}

  /** A read found rows: the next read comes at once. */
  found(): void {
    this.delayMs = 0;
  }

  /** A read found nothing: waits the next, longer pause (or until `signal` aborts). */
  async idle(signal?: AbortSignal): Promise<void> {
    this.delayMs = Math.min(this.maxMs, Math.max(this.minMs, this.delayMs * 2));
    await sleep(this.delayMs, signal);
  }

  /** The pause the next empty read will wait (for tests and metrics). */
  get nextDelayMs(): number {
    return Math.min(this.maxMs, Math.max(this.minMs, this.delayMs * 2));
  }
}
