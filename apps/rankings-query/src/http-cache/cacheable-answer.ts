import type { FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC_READ_CACHE_CONTROL, WAIT_FOR_CACHE_CONTROL } from './cache-policy';
import { ifNoneMatchHits, strongEtag } from './etag';

/**
 * Makes a JSON read cacheable (CONTRACT §4): serialises the answer once, tags it with a
 * strong ETag of those bytes, sets Cache-Control, and returns nothing (status 304) when the
 * client's If-None-Match already holds that tag. Returns the body to send otherwise.
 * Used by the CacheableJson interceptor and by the read lane, so both answer alike.
 */
export function cacheableAnswer(request: FastifyRequest, reply: FastifyReply, answer: unknown): string | Buffer | undefined {
  // Bytes from the read model pass through as they are; objects are serialised once.
  const body = Buffer.isBuffer(answer) ? answer : JSON.stringify(answer);
  const etag = strongEtag(body);
  const waitFor = (request.query as { waitFor?: unknown } | undefined)?.waitFor;
  void reply.header('ETag', etag);
  void reply.header('Cache-Control', waitFor ? WAIT_FOR_CACHE_CONTROL : PUBLIC_READ_CACHE_CONTROL);
  if (ifNoneMatchHits(request.headers['if-none-match'], etag)) {
    void reply.status(304);
    return undefined;
  }
  void reply.header('Content-Type', 'application/json; charset=utf-8');
  return body;
}
