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
  if (!filter.fetch) return undefined;
  if (filter.includes.length === 0 && filter.excludes.length === 0) return source;
  const inc = filter.includes.map(wildcardMatcher);
  const exc = filter.excludes.map(wildcardMatcher);
  const walk = (obj: Json, prefix: string, included: boolean): Json => {
    const out: Json = {};
    for (const [key, value] of Object.entries(obj)) {
      const path = prefix + key;
      if (exc.some((m) => m(path))) continue;
      const self = included || inc.length === 0 || inc.some((m) => m(path));
      if (isObject(value)) {
        const child = walk(value, `${path}.`, self);
        if (self || Object.keys(child).length > 0) out[key] = child;
      } else if (Array.isArray(value) && value.some(isObject)) {
        const items = value.map((v) => (isObject(v) ? walk(v, `${path}.`, self) : v)).filter((v) => !isObject(v) || self || Object.keys(v).length > 0);
        if (self || items.length > 0) out[key] = items;
      } else if (self) out[key] = value;
    }
    return out;
  };
  return walk(source, '', false);
}
