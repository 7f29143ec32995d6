import { ApiKeyVerifier } from './api-keys';

describe('ApiKeyVerifier', () => {
  const verifier = new ApiKeyVerifier([
    { key: 'writer-key', scopes: ['write'] },
    { key: 'admin-key', scopes: ['admin'] },
  ]);

  it('accepts a known key that has the scope', () => {
    expect(verifier.check('Bearer writer-key', 'write')).toEqual({ ok: true });
    expect(verifier.check('bearer  writer-key ', 'write')).toEqual({ ok: true });
  });

  it('reports a missing or malformed header as missing', () => {
    expect(verifier.check(undefined, 'write')).toEqual({ ok: false, reason: 'missing' });
    expect(verifier.check('', 'write')).toEqual({ ok: false, reason: 'missing' });
    expect(verifier.check('Basic d3JpdGVyLWtleQ==x y', 'write')).toEqual({ ok: false, reason: 'missing' });
    expect(verifier.check('writer-key', 'write')).toEqual({ ok: false, reason: 'missing' });
  });

  it('rejects a key that is not configured, including a prefix of a real one', () => {
    expect(verifier.check('Bearer writer', 'write')).toEqual({ ok: false, reason: 'unknown' });
    expect(verifier.check('Bearer writer-key-2', 'write')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('forbids a known key without the scope', () => {
    expect(verifier.check('Bearer admin-key', 'write')).toEqual({ ok: false, reason: 'forbidden' });
  });
});
