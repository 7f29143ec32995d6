import { wildcardMatcher } from '../store/names';
import { Json, isObject } from './query-types';

export interface SourceFilter {
  fetch: boolean;
  includes: string[];
  excludes: string[];
}

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : String(v).split(',').filter(Boolean));

/** `_source` in body form (bool / string / array / {includes, excludes}) or query params. */
export function parseSourceFilter(body: unknown, query?: { source?: string; includes?: string; excludes?: string }): SourceFilter {
  const filter: SourceFilter = { fetch: true, includes: [], excludes: [] };
  if (query?.source !== undefined) {
    if (query.source === 'false') filter.fetch = false;
    else if (query.source !== 'true' && query.source !== '') filter.includes = list(query.source);
  }
  if (query?.includes !== undefined) filter.includes = list(query.includes);
  if (query?.excludes !== undefined) filter.excludes = list(query.excludes);
  if (body === false) filter.fetch = false;
  else if (typeof body === 'string' || Array.isArray(body)) filter.includes = list(body);
  else if (isObject(body)) {
    filter.includes = list(body.includes ?? body.include);
    filter.excludes = list(body.excludes ?? body.exclude);
  }
  return filter;
}

/** Applies includes/excludes by dotted path with `*` wildcards; an included object keeps its subtree. */
export function filterSource(source: Json, filter: SourceFilter): Json | undefined {
  return sourceFilterFn(filter)(source);
}

/** A path pattern as a test: equality for a plain name, a regular expression only for `*`. */
const pathMatcher = (pattern: string): ((path: string) => boolean) => (pattern.includes('*') ? wildcardMatcher(pattern) : (path) => path === pattern);

/**
 * The filter compiled once for a whole search (its patterns are the same for every hit).
 * A subtree no include can reach is not walked, and an included subtree with no excludes
 * is kept as it is: the stored source is never mutated, so it is shared, not copied.
 */
export function sourceFilterFn(filter: SourceFilter): (source: Json) => Json | undefined {
  if (!filter.fetch) return () => undefined;
  if (filter.includes.length === 0 && filter.excludes.length === 0) return (source) => source;
  const inc = filter.includes.map(pathMatcher);
  const exc = filter.excludes.map(pathMatcher);
  const wildcardIncludes = filter.includes.some((p) => p.includes('*'));
  // Could an include match a path under `prefix` (which ends with a dot)?
  const reachable = (prefix: string) => wildcardIncludes || filter.includes.some((p) => p.startsWith(prefix));
  const walk = (obj: Json, prefix: string, included: boolean): Json => {
    const out: Json = {};
    for (const [key, value] of Object.entries(obj)) {
      const path = prefix + key;
      if (exc.length > 0 && exc.some((m) => m(path))) continue;
      const self = included || inc.length === 0 || inc.some((m) => m(path));
      const nested = isObject(value) || (Array.isArray(value) && value.some(isObject));
      if (!nested) {
        if (self) out[key] = value;
      } else if (self && exc.length === 0) out[key] = value;
      else if (!self && !reachable(`${path}.`)) {
        // Nothing under it is included: only an array's non-object items would remain.
        const kept = isObject(value) ? [] : (value as unknown[]).filter((v) => !isObject(v));
        if (kept.length > 0) out[key] = kept;
      } else if (isObject(value)) {
        const child = walk(value, `${path}.`, self);
        if (self || Object.keys(child).length > 0) out[key] = child;
      } else {
        const items = (value as unknown[]).map((v) => (isObject(v) ? walk(v, `${path}.`, self) : v)).filter((v) => !isObject(v) || self || Object.keys(v).length > 0);
        if (self || items.length > 0) out[key] = items;
      }
    }
    return out;
  };
  return (source) => walk(source, '', false);
}
