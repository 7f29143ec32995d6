import { EsError, illegalArgument } from '../errors';
import { EsRequest, EsResponse } from './es-request';

export type Handler = (req: EsRequest) => EsResponse | Promise<EsResponse>;

export interface Route {
  methods: string[];
  pattern: string;
  /** Query parameters this route understands; anything else is ES's "unrecognized parameter". */
  params: string[];
  handler: Handler;
}

/** Accepted on every route: they change only the formatting ES applies. */
const COMMON_PARAMS = ['pretty', 'human', 'error_trace', 'filter_path', 'master_timeout', 'timeout'];

interface Compiled extends Route {
  segments: string[];
}

/** Matches method + path to a route. Literal segments win; `{x}` never matches a `_`-prefixed segment. */
export class Router {
  private readonly routes: Compiled[] = [];

  add(...routes: Route[]): void {
    for (const r of routes) this.routes.push({ ...r, segments: r.pattern.split('/').filter(Boolean) });
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } {
    const segments = path.split('/').filter(Boolean).map(decodeSegment);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      pathMatched = true;
      if (route.methods.includes(method) || (method === 'HEAD' && route.methods.includes('GET') && !this.hasHead(route.pattern))) {
        return { route, params };
      }
    }
    if (pathMatched) {
      const allowed = this.routes.filter((r) => matchSegments(r.segments, segments)).flatMap((r) => r.methods);
      throw new EsError(405, 'method_not_allowed', `Incorrect HTTP method for uri [${path}] and method [${method}], allowed: [${[...new Set(allowed)].join(', ')}]`, {}, undefined, {
        error: `Incorrect HTTP method for uri [${path}] and method [${method}], allowed: [${[...new Set(allowed)].join(', ')}]`,
      });
    }
    throw new EsError(400, 'no_handler', `no handler found for uri [${path}] and method [${method}]`, {}, undefined, {
      error: `no handler found for uri [${path}] and method [${method}]`,
    });
  }

  private hasHead(pattern: string): boolean {
    return this.routes.some((r) => r.pattern === pattern && r.methods.includes('HEAD'));
  }
}

export function checkParams(route: Route, req: EsRequest): void {
  for (const key of req.query.keys()) {
    if (!route.params.includes(key) && !COMMON_PARAMS.includes(key)) {
      throw illegalArgument(`request [${req.path}] contains unrecognized parameter: [${key}]`);
    }
  }
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw illegalArgument(`unable to decode path segment [${s}]`);
  }
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.startsWith('{')) {
      if (actual[i].startsWith('_') && p !== '{id}' && actual[i] !== '_all') return undefined;
      params[p.slice(1, -1)] = actual[i];
    } else if (p !== actual[i]) return undefined;
  }
  return params;
}
