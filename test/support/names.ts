import { randomBytes } from 'node:crypto';

/** A name no other test (or earlier run) uses: for databases, topics, indices, key prefixes. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase();
}
