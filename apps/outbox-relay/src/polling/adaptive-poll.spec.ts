import { AdaptivePoll } from './adaptive-poll';

describe('AdaptivePoll', () => {
  it('doubles the pause on each empty read up to the poll interval', async () => {
    const poll = new AdaptivePoll(8, 1);
    const pauses: number[] = [];
    for (let i = 0; i < 6; i++) {
      pauses.push(poll.nextDelayMs);
      await poll.idle();
    }
    expect(pauses).toEqual([1, 2, 4, 8, 8, 8]);
  });

  it('keeps polling tightly for a while after a read found rows, then backs off', async () => {
    let now = 0;
    const poll = new AdaptivePoll(1_000, 1, 250, () => now);
    poll.found();
    for (now = 0; now < 250; now += 50) {
      await poll.idle();
      expect(poll.nextDelayMs).toBe(1);
    }
    expect(poll.nextDelayMs).toBe(2); // now = 250: the window is over
  });

  it('polls tightly again as soon as a read finds rows', async () => {
    let now = 0;
    const poll = new AdaptivePoll(64, 1, 10, () => now);
    now = 100;
    for (let i = 0; i < 6; i++) await poll.idle();
    expect(poll.nextDelayMs).toBe(64);
    poll.found();
    expect(poll.nextDelayMs).toBe(1);
  });

  it('stops waiting when shutdown aborts', async () => {
    const poll = new AdaptivePoll(10_000, 10_000);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 10);
    const started = Date.now();
    await poll.idle(abort.signal);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('ends a pause when woken, and skips the next one when woken during a read', async () => {
    const poll = new AdaptivePoll(10_000, 10_000);
    setTimeout(() => poll.wake(), 10);
    const started = Date.now();
    await poll.idle();
    expect(Date.now() - started).toBeLessThan(1_000);
    poll.wake(); // no pause in progress: the read running now may predate the commit
    const next = Date.now();
    await poll.idle();
    expect(Date.now() - next).toBeLessThan(1_000);
    let ended = false;
    const third = poll.idle().then(() => (ended = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ended).toBe(false); // one wake-up skips one pause, not every later one
    poll.wake();
    await third;
  });
});
