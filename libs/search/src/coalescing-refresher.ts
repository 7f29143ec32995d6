import type { Client } from '@elastic/elasticsearch';

/**
 * The projection's refresh policy: a batch is searchable when its write returns, without
 * a refresh per event or per partition. Writers that finish while a refresh runs share
 * the next one (it starts when the running one ends and covers all of them), so under
 * load there is at most one refresh running and one waiting, whatever the batch rate.
 * A refresh costs the index a new segment; grouping keeps that cost per interval, not
 * per write, while a lone write still waits only for its own refresh (~ms).
 */
export class CoalescingRefresher {
  private running: Promise<void> | null = null;
  private next: { indices: Set<string>; done: Promise<void> } | null = null;

  constructor(private readonly client: Client) {}

  /** Resolves once a refresh that started after this call has completed. */
  refresh(indices: string[]): Promise<void> {
    if (!this.running) return this.start(indices);
    if (this.next) {
      indices.forEach((i) => this.next!.indices.add(i));
      return this.next.done;
    }
    const wanted = new Set(indices);
    const done = this.running
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.start([...wanted]);
      });
    this.next = { indices: wanted, done };
    return done;
  }

  private start(indices: string[]): Promise<void> {
    const run = this.client.indices
      .refresh({ index: indices })
      .then(() => undefined)
      .finally(() => {
        if (this.running === run) this.running = null;
      });
    this.running = run;
    return run;
  }
}
