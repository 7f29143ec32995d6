/**
 * Commit → broker acknowledgement as the relay itself measures it: the histogram
 * `outbox_publish_latency_seconds` (from the writing transaction's start, which for the
 * harness's one-statement autocommit inserts is within a millisecond of the commit, to
 * Kafka's ack). Scraped before and after a step; the step's quantiles are read off the
 * difference, as the upper bound of the bucket holding them (never an underestimate).
 */
export type Buckets = Map<number, number>;

const METRIC = 'outbox_publish_latency_seconds_bucket';

export async function scrapeAckBuckets(metricsUrl: string): Promise<Buckets> {
  const text = await (await fetch(metricsUrl)).text();
  const buckets: Buckets = new Map();
  for (const line of text.split('\n')) {
    if (!line.startsWith(METRIC)) continue;
    const match = /le="([^"]+)"\}\s+(\d+(?:\.\d+)?)/.exec(line);
    if (match) buckets.set(match[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(match[1]), Number(match[2]));
  }
  return buckets;
}

/** The bucket bound (ms) under which fraction `q` of the step's observations fall; null if none. */
export function quantileMs(before: Buckets, after: Buckets, q: number): number | null {
  return quantileBoundsMs(before, after, q)?.atMost ?? null;
}

/**
 * The bucket holding quantile `q` of the step's observations: the quantile is above
 * `above` ms (the next lower bound, 0 for the first bucket) and at most `atMost` ms.
 */
export function quantileBoundsMs(before: Buckets, after: Buckets, q: number): { above: number; atMost: number } | null {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Number.POSITIVE_INFINITY) ?? 0) - (before.get(Number.POSITIVE_INFINITY) ?? 0);
  if (total <= 0) return null;
  let previous = 0;
  for (const bound of bounds) {
    const below = (after.get(bound) ?? 0) - (before.get(bound) ?? 0);
    if (below >= q * total) return { above: previous * 1000, atMost: bound * 1000 };
    previous = bound;
  }
  return null;
}
