import { createHash } from 'node:crypto';

/**
 * A strong validator derived from the exact bytes sent: it changes exactly when the
 * answer changes, whichever projection, generation or instance produced it, so every
 * query instance behind a CDN agrees on it without coordinating.
 */
export function strongEtag(body: string | Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/**
 * RFC 9110 §13.1.2: If-None-Match uses the weak comparison (a `W/` prefix is ignored),
 * accepts a list, and `*` matches any current representation.
 */
export function ifNoneMatchHits(header: string | string[] | undefined, etag: string): boolean {
  if (!header) return false;
  const tags = (Array.isArray(header) ? header.join(',') : header).split(',').map((t) => t.trim());
  return tags.some((tag) => tag === '*' || tag.replace(/^W\//, '') === etag);
}
