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

/** Patterns as one test: a set lookup for plain names, a regular expression only for `*`. */
function patternsMatcher(patterns: string[]): (path: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.includes('*')));
  const wild = patterns.filter((p) => p.includes('*')).map(wildcardMatcher);
  return wild.length === 0 ? (path) => exact.has(path) : (path) => exact.has(path) || wild.some((m) => m(path));
}

/**
 * The filter compiled once for a whole search (its patterns are the same for every hit).
 * A subtree no include can reach is not walked, and an included subtree with no excludes
 * is kept as it is: the stored source is never mutated, so it is shared, not copied.
 */
export function sourceFilterFn(filter: SourceFilter): (source: Json) => Json | undefined {
  if (!filter.fetch) return () => undefined;
  if (filter.includes.length === 0 && filter.excludes.length === 0) return (source) => source;
  const noIncludes = filter.includes.length === 0;
  const included = patternsMatcher(filter.includes);
  const excluded = filter.excludes.length === 0 ? null : patternsMatcher(filter.excludes);
  // The paths (each ending with a dot) under which a plain include can match something.
  const openings = new Set(filter.includes.flatMap((p) => p.split('.').slice(0, -1).map((_, i, parts) => `${parts.slice(0, i + 1).join('.')}.`)));
  const reachable = filter.includes.some((p) => p.includes('*')) ? () => true : (prefix: string) => openings.has(prefix);
  const walk = (obj: Json, prefix: string, inside: boolean): Json => {
    const out: Json = {};
    for (const key of Object.keys(obj)) {
      const value = obj[key];
      const path = prefix + key;
      if (excluded?.(path)) continue;
      const self = inside || noIncludes || included(path);
      const nested = isObject(value) || (Array.isArray(value) && value.some(isObject));
      if (!nested) {
        if (self) out[key] = value;
      } else if (self && !excluded) out[key] = value;
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
