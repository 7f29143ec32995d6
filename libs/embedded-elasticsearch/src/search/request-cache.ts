import { LRUCache } from 'lru-cache';
import type { Json } from '../http/es-request';
import type { IndexStore } from '../store/index-store';

/**
 * ES's shard request cache: a search's result, kept per set of indices for the searcher
 * generation it was computed on. A refresh that changed what is visible (or a mapping
 * change) starts a new generation, so a cached answer is always what the search would
 * compute now, as in ES. Like ES, only `size: 0` searches are cached unless the request
 * says `request_cache=true`; `request_cache=false` or `index.requests.cache.enable: false`
 * turn it off, and a query that reads the clock (`now`) is never cached.
 */
/** Date math on the clock (`now`, `now-1d/d`, `now+1h`) as a JSON string value; a name like "Nowak" is not. */
const READS_THE_CLOCK = /"now(?:[-+/|]|")/;

export class RequestCache {
  private readonly results = new LRUCache<string, Json>({ max: 1000 });

  /** The cached result, or `compute()`'s, kept when the request may be cached. */
  get(indices: IndexStore[], requested: string | undefined, body: Json, options: object, compute: () => Json): Json {
    if (!cacheable(indices, requested, body, options)) return compute();
    const key = JSON.stringify([indices.map((i) => `${i.uuid}@${i.searchGeneration}`), body, options]);
    if (READS_THE_CLOCK.test(key)) return compute();
    const started = Date.now();
    const hit = this.results.get(key);
    if (hit) return { ...hit, took: Date.now() - started };
    const result = compute();
    this.results.set(key, result);
    return result;
  }
}

function cacheable(indices: IndexStore[], requested: string | undefined, body: Json, options: { size?: number }): boolean {
  if (requested === 'false' || indices.length === 0) return false;
  if (indices.some((i) => i.settings['index.requests.cache.enable'] === 'false')) return false;
  return requested === 'true' || Number(body.size ?? options.size ?? 10) === 0;
}
