import { WakeSignal } from './wake-signal';

describe('WakeSignal', () => {
  it('returns at once for a wake that arrived before waiting (no lost NOTIFY)', async () => {
    const wake = new WakeSignal();
    wake.notify();
    const started = Date.now();
    await expect(wake.wait(5_000)).resolves.toBe('woken');
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('wakes a waiting loop when notified', async () => {
    const wake = new WakeSignal();
    const waiting = wake.wait(5_000);
    setTimeout(() => wake.notify(), 10);
    await expect(waiting).resolves.toBe('woken');
  });

  it('falls back to the poll interval when nothing notifies', async () => {
    const wake = new WakeSignal();
    await expect(wake.wait(20)).resolves.toBe('timeout');
  });

  it('consumes a wake: the next wait blocks again', async () => {
    const wake = new WakeSignal();
    wake.notify();
    await wake.wait(1_000);
    await expect(wake.wait(20)).resolves.toBe('timeout');
  });

  it('stops waiting when shutdown aborts', async () => {
    const wake = new WakeSignal();
    const abort = new AbortController();
    const waiting = wake.wait(5_000, abort.signal);
    abort.abort();
    await expect(waiting).resolves.toBe('woken');
  });
});
