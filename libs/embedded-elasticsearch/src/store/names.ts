import { invalidIndexName } from '../errors';

const FORBIDDEN = ['\\', '/', '*', '?', '"', '<', '>', '|', ' ', ',', '#', ':'];

/** ES's index name rules (MetadataCreateIndexService.validateIndexOrAliasName). */
export function validateIndexName(name: string): void {
  if (name !== name.toLowerCase()) throw invalidIndexName(name, 'must be lowercase');
  for (const ch of FORBIDDEN) {
    if (name.includes(ch)) throw invalidIndexName(name, `must not contain the following characters [${FORBIDDEN.map((c) => `'${c}'`).join(',')}]`);
  }
  if (/^[_\-+]/.test(name)) throw invalidIndexName(name, `must not start with '_', '-', or '+'`);
  if (name === '.' || name === '..') throw invalidIndexName(name, `must not be '.' or '..'`);
  if (name.length === 0) throw invalidIndexName(name, 'must not be empty');
  if (Buffer.byteLength(name) > 255) throw invalidIndexName(name, 'index name is too long, (' + Buffer.byteLength(name) + ' > 255)');
}

export const isWildcard = (expr: string) => expr.includes('*');

export function wildcardMatcher(pattern: string): (name: string) => boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (name) => re.test(name);
}

/** Splits `a,b,-c` lists the client sends URL-encoded as one path segment. */
export const splitList = (expr: string | undefined) => (expr ?? '').split(',').map((s) => s.trim()).filter(Boolean);
