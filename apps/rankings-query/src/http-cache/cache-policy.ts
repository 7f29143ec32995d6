/**
 * Cache-Control of the cacheable reads, for browsers and for a CDN in front of the read
 * API during a broadcast (README "HTTP caching"):
 * - `max-age=2`: a fresh copy is at most 2 s old, about the projection's own delay, so a
 *   CDN absorbs thousands of identical reads per second per URL while results stay live;
 * - `stale-while-revalidate=10`: after that the CDN answers at once from its copy and
 *   revalidates in the background (a 304 when nothing changed, thanks to the ETag);
 * - `stale-if-error=60`: an origin outage degrades to slightly old rankings, not errors.
 */
export const PUBLIC_READ_CACHE_CONTROL = 'public, max-age=2, stale-while-revalidate=10, stale-if-error=60';

/**
 * A read-your-own-writes read (`waitFor`) is one client's question about its own event:
 * sharing it would be wrong and caching it useless.
 */
export const WAIT_FOR_CACHE_CONTROL = 'no-store';
