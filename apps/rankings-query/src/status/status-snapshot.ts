import type { ProjectionReport } from '@app/watermark';

/** A figure that could not be read says why, so the page still renders during an outage. */
export type Reading<T> = { ok: true; value: T } | { ok: false; error: string };

export interface LastReconcile {
  finishedAt: string;
  driftTotal: number;
  driftByModel: Record<string, number>;
  repairedFrom: number | null;
}

/** Everything the on-call status page shows, gathered at one moment. */
export interface StatusSnapshot {
  at: string;
  slaMs: number;
  projections: Reading<ProjectionReport[]>;
  backlog: Reading<{ events: number; oldestAgeSeconds: number }>;
  deadLetters: Reading<{ topic: string; messages: number }>;
  lastReconcile: Reading<LastReconcile | null>;
}

/** Where each figure comes from; thin adapters over the stores (status-sources.ts). */
export interface StatusSources {
  slaMs: number;
  projections(): Promise<ProjectionReport[]>;
  backlog(): Promise<{ events: number; oldestAgeSeconds: number }>;
  deadLetters(): Promise<{ topic: string; messages: number }>;
  lastReconcile(): Promise<LastReconcile | null>;
}

/**
 * Reads every source at once, each bounded by `timeoutMs`: the page is opened in an
 * incident, exactly when one of the stores may hang.
 */
export async function gatherStatus(sources: StatusSources, timeoutMs: number, now = new Date()): Promise<StatusSnapshot> {
  const [projections, backlog, deadLetters, lastReconcile] = await Promise.all([
    reading(() => sources.projections(), timeoutMs),
    reading(() => sources.backlog(), timeoutMs),
    reading(() => sources.deadLetters(), timeoutMs),
    reading(() => sources.lastReconcile(), timeoutMs),
  ]);
  return { at: now.toISOString(), slaMs: sources.slaMs, projections, backlog, deadLetters, lastReconcile };
}

async function reading<T>(read: () => Promise<T>, timeoutMs: number): Promise<Reading<T>> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)));
  try {
    return { ok: true, value: await Promise.race([read(), deadline]) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
