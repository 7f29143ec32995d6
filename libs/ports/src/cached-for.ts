/**
 * `read`, reused for less than `ttlMs` counted from the moment the read began (the rule a
 * rebuild relies on when it waits longer than `ttlMs` before reading its snapshot). Past half
 * that age a call starts the next read in the background and still answers from the value
 * it has, so a caller that comes at least once per half-life never waits for a read; a value
 * as old as `ttlMs` is never returned (the call waits for a new one, and its failure).
 */
export function cachedFor<T>(read: () => Promise<T>, ttlMs: number, now: () => number = Date.now): () => Promise<T> {
  let cached: { value: T; readAt: number } | null = null;
  let reading: Promise<T> | null = null;
  const next = (): Promise<T> => {
    if (reading) return reading;
    const readAt = now();
    const pending = read()
      .then((value) => {
        if (!cached || readAt >= cached.readAt) cached = { value, readAt };
        return value;
      })
      .finally(() => {
        if (reading === pending) reading = null;
      });
    reading = pending;
    return pending;
  };
  return async () => {
    const age = cached ? now() - cached.readAt : Infinity;
    if (age >= ttlMs) return next();
    if (age >= ttlMs / 2) next().catch(() => undefined); // refreshed ahead; a failure shows on the call that must wait
    return cached!.value;
  };
}
