import { performance } from 'node:perf_hooks';

/** Epoch milliseconds with sub-millisecond resolution (Date.now() rounds to whole ms). */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
