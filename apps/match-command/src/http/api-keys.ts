import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKey, Scope } from '@app/config';

export type KeyCheck = { ok: true } | { ok: false; reason: 'missing' | 'unknown' | 'forbidden' };

/**
 * Checks `Authorization: Bearer <key>` headers against the configured keys.
 *
 * Both sides are hashed to a fixed length before `timingSafeEqual`, and every configured
 * key is compared on every call, so neither the length nor the position of a match leaks
 * through response timing.
 */
export class ApiKeyVerifier {
  private readonly keys: { digest: Buffer; scopes: readonly Scope[] }[];

  constructor(keys: readonly ApiKey[]) {
    this.keys = keys.map((k) => ({ digest: digest(k.key), scopes: k.scopes }));
  }

  check(authorization: string | undefined, scope: Scope): KeyCheck {
    const presented = bearerToken(authorization);
    if (presented === undefined) return { ok: false, reason: 'missing' };
    const presentedDigest = digest(presented);
    let scopes: readonly Scope[] | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(key.digest, presentedDigest)) scopes = key.scopes;
    }
    if (scopes === undefined) return { ok: false, reason: 'unknown' };
    return scopes.includes(scope) ? { ok: true } : { ok: false, reason: 'forbidden' };
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
