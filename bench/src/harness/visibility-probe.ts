import type { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { cacheKeys } from '@app/cache';
import { nowMs } from './clock';

/**
 * Notes when each tracked event becomes visible in each projection, by polling the
 * projections' read-your-own-writes markers (the ones `waitFor` answers from) every
 * `intervalMs`. The Redis projector writes its marker in the same atomic script as the
 * data; the Elasticsearch projector writes it after its bulk request (with refresh)
 * returned, i.e. once the documents are searchable. Polling the markers directly avoids
 * the read API's own 20 ms waitFor poll, which would blur a 100 ms target.
 */
export class VisibilityProbe {
  private readonly pending = new Map<string, { since: number; left: Set<string> }>();
  readonly visibleAt = new Map<string, Map<string, number>>();
  private stopped = false;
  private readonly loop: Promise<void>;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly projections: string[],
    private readonly intervalMs = 3,
  ) {
    for (const p of projections) this.visibleAt.set(p, new Map());
    this.loop = this.run();
  }

  track(eventId: string, committedAt: number): void {
    this.pending.set(eventId, { since: committedAt, left: new Set(this.projections) });
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Waits until nothing is pending or the timeout; returns how many are still pending. */
  async drain(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline) await sleep(10);
    return this.pending.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    const keys = cacheKeys(this.prefix);
    while (!this.stopped) {
      const checks: Array<[string, string]> = [];
      for (const [id, entry] of this.pending) for (const p of entry.left) checks.push([id, p]);
      if (checks.length > 0) {
        const pipeline = this.redis.pipeline();
        for (const [id, p] of checks) pipeline.exists(keys.appliedEvent(p, id));
        const replies = (await pipeline.exec()) ?? [];
        const at = nowMs();
        replies.forEach(([error, found], i) => {
          if (error || found !== 1) return;
          const [id, p] = checks[i];
          const entry = this.pending.get(id);
          if (!entry) return;
          this.visibleAt.get(p)?.set(id, at);
          entry.left.delete(p);
          if (entry.left.size === 0) this.pending.delete(id);
        });
      }
      await sleep(this.intervalMs);
    }
  }
}
