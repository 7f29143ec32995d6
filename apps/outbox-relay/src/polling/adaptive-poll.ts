import { sleep } from '../sleep';

/**
 * When to look at the outbox again. While reads keep finding rows, and for `tightForMs`
 * after the last one that did, the loop polls every `minMs`: a steady stream is picked up
 * within a millisecond or two. After that each empty read doubles the pause up to `maxMs`
 * (RELAY_POLL_INTERVAL_MS, 100 ms by default), so an idle relay costs ten cheap index
 * probes a second. The first event after a quiet spell does not wait for the pause to
 * end: the writer rings the doorbell after its commit (OUTBOX_DOORBELL_CHANNEL, a NOTIFY
 * outside the write's transaction, so no writing commit takes the notification lock as a
 * per-row NOTIFY trigger did) and `wake` ends the pause. The ceiling only bounds what a
 * writer that does not ring, or a lost notification, waits. (With neither doorbell nor
 * short ceiling, at the former 1 s, a stream starting after a quiet spell had up to its
 * first second of events wait that long.)
 */
export class AdaptivePoll {
  private delayMs = 0;
  private lastFoundAt = Number.NEGATIVE_INFINITY;
  /** Ends the pause in progress; set while one is. */
  private waking: AbortController | null = null;
  /** A wake-up came while no pause was in progress: the next one is skipped. */
  private rung = false;

  constructor(
    private readonly maxMs: number,
    private readonly minMs = 1,
    private readonly tightForMs = 250,
    private readonly now: () => number = Date.now,
  ) {}

  /** A read found rows: poll tightly again. */
  found(): void {
    this.delayMs = 0;
    this.lastFoundAt = this.now();
  }

  /** A read found nothing: waits the next pause (or until `signal` aborts, or `wake`). */
  async idle(signal?: AbortSignal): Promise<void> {
    this.delayMs = this.nextDelayMs;
    if (this.rung) {
      this.rung = false;
      return;
    }
    const waking = new AbortController();
    this.waking = waking;
    try {
      await sleep(this.delayMs, signal ? AbortSignal.any([signal, waking.signal]) : waking.signal);
    } finally {
      this.waking = null;
    }
  }

  /**
   * New rows were committed (the writers' doorbell): read now. Ends the pause in progress,
   * or, during a read (which may have started before that commit), skips the next pause.
   */
  wake(): void {
    if (this.waking) this.waking.abort();
    else this.rung = true;
  }

  /** The pause the next empty read will wait. */
  get nextDelayMs(): number {
    if (this.now() - this.lastFoundAt < this.tightForMs) return Math.min(this.maxMs, this.minMs);
    return Math.min(this.maxMs, Math.max(this.minMs, this.delayMs * 2));
  }
}
