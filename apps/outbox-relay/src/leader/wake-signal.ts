/**
 * Wakes the relay loop when an outbox write commits. A wake that arrives while the loop is
 * busy is remembered, so a NOTIFY landing between "read found nothing" and "start waiting"
 * is never lost; the timeout is the polling fallback for notifications that never come.
 */
export class WakeSignal {
  private pending = false;
  private waiter: (() => void) | null = null;

  notify(): void {
    this.pending = true;
    this.waiter?.();
  }

  /** Resolves on the next (or an already pending) wake, after `ms`, or when `signal` aborts. */
  async wait(ms: number, signal?: AbortSignal): Promise<'woken' | 'timeout'> {
    if (this.pending || signal?.aborted) {
      this.pending = false;
      return 'woken';
    }
    const outcome = await new Promise<'woken' | 'timeout'>((resolve) => {
      const finish = (result: 'woken' | 'timeout') => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiter = null;
        resolve(result);
      };
      const onAbort = () => finish('woken');
      const timer = setTimeout(() => finish('timeout'), ms);
      this.waiter = () => finish('woken');
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    this.pending = false;
    return outcome;
  }
}
