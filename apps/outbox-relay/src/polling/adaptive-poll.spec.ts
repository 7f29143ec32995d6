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

  it('polls tightly again as soon as a read finds rows', async () => {
    const poll = new AdaptivePoll(1_000, 1);
    for (let i = 0; i < 4; i++) await poll.idle();
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
});
