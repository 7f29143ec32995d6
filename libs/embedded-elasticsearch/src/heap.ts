import os from 'node:os';

/** What the stand-in's heap may grow to: half the machine's memory, at most 8 GiB, never under Node's usual 4 GiB. */
export function standInHeapMb(totalMemoryBytes = os.totalmem()): number {
  const half = Math.floor(totalMemoryBytes / 2 / 1024 / 1024);
  return Math.max(4096, Math.min(8192, half));
}

/**
 * Young-generation semi-space (Node's default is 16 MiB): a bulk request's parsed body and
 * the objects built from it die young, and with more room they die there instead of being
 * promoted into an old space that already holds millions of documents.
 */
const SEMI_SPACE_MB = 64;

/**
 * NODE_OPTIONS for a stand-in process. It keeps every document in memory (about 1.6 KB
 * for each small match-fact document, 2.6 KB before facts were nested), and a rebuild of
 * a million matches writes two million of those: near Node's default old-space limit
 * (about 4 GiB) it collects garbage without end and then dies, and the rebuild fails with
 * "Request timed out" or "other side closed". Whatever NODE_OPTIONS the caller had is kept.
 */
export function standInNodeOptions(existing: string | undefined, totalMemoryBytes?: number): string {
  return [existing?.trim(), `--max-old-space-size=${standInHeapMb(totalMemoryBytes)}`, `--max-semi-space-size=${SEMI_SPACE_MB}`].filter(Boolean).join(' ');
}
