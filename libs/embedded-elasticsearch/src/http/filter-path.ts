/**
 * ES's response filtering (`filter_path`): a comma-separated list of dotted paths, `*`
 * matching any part of one field name, `**` any number of levels, a leading `-` excluding.
 * Arrays are passed through (a path names object fields, whatever arrays lie between);
 * objects and arrays left empty by the filter are dropped, as ES drops them. Exclusions
 * apply first, then inclusions, as ES documents.
 */
export function filterPath(body: unknown, spec: string): unknown {
  const paths = spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const excludes = paths.filter((p) => p.startsWith('-')).map((p) => compile(p.slice(1)));
  const includes = paths.filter((p) => !p.startsWith('-')).map(compile);
  let out = excludes.length > 0 ? prune(body, excludes, 'exclude') : body;
  if (includes.length > 0) out = prune(out, includes, 'include');
  return out === undefined ? {} : out;
}

type Matcher = (name: string) => boolean;
/** A path as segment matchers; null stands for `**`. */
type Path = Array<Matcher | null>;

function compile(path: string): Path {
  return path.split('.').map((segment) => {
    if (segment === '**') return null;
    if (!segment.includes('*')) return (name: string) => name === segment;
    const pattern = new RegExp(`^${segment.split('*').map(escapeRegex).join('.*')}$`);
    return (name: string) => pattern.test(name);
  });
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The paths still to match below `name` (an empty path: `name` itself matched a whole path). */
function descend(paths: Path[], name: string): Path[] {
  const next: Path[] = [];
  for (const path of paths) {
    const [head, ...rest] = path;
    if (head === null) {
      next.push(path); // `**` may swallow this level...
      if (rest.length > 0 && rest[0] !== null && rest[0](name)) next.push(rest.slice(1)); // ...or end before it
      else if (rest.length === 0) next.push([]);
    } else if (head && head(name)) next.push(rest);
  }
  return next;
}

/** Keeps (include) or drops (exclude) what the paths name; undefined when nothing is left. */
function prune(value: unknown, paths: Path[], mode: 'include' | 'exclude'): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => prune(item, paths, mode)).filter((item) => item !== undefined);
    return items.length > 0 || mode === 'exclude' ? items : undefined;
  }
  if (value === null || typeof value !== 'object') return mode === 'include' ? undefined : value;
  const out: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) {
    const below = descend(paths, name);
    const whole = below.some((p) => p.length === 0);
    if (mode === 'include') {
      if (whole) out[name] = child;
      else if (below.length > 0) {
        const kept = prune(child, below, mode);
        if (kept !== undefined) out[name] = kept;
      }
    } else if (!whole) {
      out[name] = below.length > 0 ? prune(child, below, mode) : child;
    }
  }
  return Object.keys(out).length > 0 || mode === 'exclude' ? out : undefined;
}
