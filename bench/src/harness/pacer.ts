import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Open-loop load at a fixed rate: every couple of milliseconds it sends whatever is due
 * since the start (`floor(elapsed × rate) − sent`), so a slow send is followed by a
 * bigger batch rather than a lower rate. Returns how many were sent and the rate achieved;
 * the caller reports both, so a harness that could not keep up is visible.
 */
export async function paceAtRate(
  ratePerSecond: number,
  durationSeconds: number,
  send: (count: number, firstIndex: number) => Promise<void>,
): Promise<{ sent: number; achievedRate: number }> {
  const start = performance.now();
  const end = start + durationSeconds * 1000;
  let sent = 0;
  for (;;) {
    const now = performance.now();
    if (now >= end) break;
    const due = Math.floor(((now - start) / 1000) * ratePerSecond) - sent;
    if (due > 0) {
      await send(due, sent);
      sent += due;
    } else {
      await sleep(Math.max(1, Math.min(5, 1000 / ratePerSecond)));
    }
  }
  return { sent, achievedRate: sent / ((performance.now() - start) / 1000) };
}

/** Fire-and-track variant for HTTP: sends without waiting, at most `maxInFlight` outstanding. */
export async function paceConcurrently(
  ratePerSecond: number,
  durationSeconds: number,
  maxInFlight: number,
  sendOne: (index: number) => Promise<void>,
): Promise<{ sent: number; achievedRate: number; skipped: number }> {
  const inFlight = new Set<Promise<void>>();
  let skipped = 0;
  const result = await paceAtRate(ratePerSecond, durationSeconds, async (count, first) => {
    for (let i = 0; i < count; i++) {
      if (inFlight.size >= maxInFlight) {
        skipped++;
        continue;
      }
      const p = sendOne(first + i).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  });
  await Promise.allSettled([...inFlight]);
  return { ...result, skipped };
}
