import { cachedFor } from './cached-for';

/** A store read that counts its calls and resolves when told to. */
function controlledRead() {
  const calls: Array<{ resolve: (v: number) => void; reject: (e: Error) => void }> = [];
  const read = () => new Promise<number>((resolve, reject) => calls.push({ resolve, reject }));
  return { read, calls };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

/** A cache over a controlled read and clock, holding 1 from a read that began at time 0. */
async function primed() {
  const clock = { now: 0 };
  const { read, calls } = controlledRead();
  const get = cachedFor(read, 1000, () => clock.now);
  const first = get();
  calls[0].resolve(1);
  expect(await first).toBe(1);
  return { clock, calls, get };
}

describe('cachedFor', () => {
  it('reads once, reuses the value while young, and refreshes ahead past half its life without making the caller wait', async () => {
    const { clock, calls, get } = await primed();

    clock.now = 400;
    expect(await get()).toBe(1);
    expect(calls).toHaveLength(1);

    clock.now = 600; // past half: answers at once from the cache, and starts one read
    expect(await get()).toBe(1);
    expect(await get()).toBe(1);
    expect(calls).toHaveLength(2);
    calls[1].resolve(2);
    await flush();

    clock.now = 1500; // 900 ms after the second read began: still valid
    expect(await get()).toBe(2);
  });

  it('never answers with a value whose read began ttl or more ago: the call waits, and sees the failure', async () => {
    const { clock, calls, get } = await primed();

    clock.now = 1000;
    const waiting = get();
    let settled = false;
    void waiting.then(
      () => (settled = true),
      () => (settled = true),
    );
    await flush();
    expect(settled).toBe(false);
    calls[1].reject(new Error('store down'));
    await expect(waiting).rejects.toThrow('store down');

    const retry = get(); // nothing valid is kept: the next call reads again
    expect(calls).toHaveLength(3);
    calls[2].resolve(3);
    expect(await retry).toBe(3);
  });

  it('counts age from when the read began, not when it answered', async () => {
    let clock = 0;
    const { read, calls } = controlledRead();
    const get = cachedFor(read, 1000, () => clock);
    const first = get();
    clock = 800; // a slow read
    calls[0].resolve(1);
    await first;
    clock = 1000;
    void get();
    expect(calls).toHaveLength(2); // 1000 ms since the read began: read again
  });
});
