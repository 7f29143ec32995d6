import { EsError, parsingError } from '../errors';
import { EsRequest, EsResponse, Json } from '../http/es-request';
import { Route } from '../http/router';
import { AliasAction, parseAliasProps } from '../store/alias-table';
import { Cluster } from '../store/cluster';
import { isWildcard, splitList, wildcardMatcher } from '../store/names';
import { resolveOpts } from './indices-api';

const PARAMS = ['ignore_unavailable', 'allow_no_indices', 'expand_wildcards', 'local'];

/**
 * GET /_alias[/{name}], /{index}/_alias[/{name}]. A named alias that matches nothing is
 * ES's 404 with a bare string error (`"alias [x] missing"`), not an exception object.
 */
function getAlias(cluster: Cluster, req: EsRequest, head = false): EsResponse {
  const indices = req.pathParams.index === undefined ? cluster.resolve('_all') : cluster.resolve(req.pathParams.index, resolveOpts(req));
  const patterns = splitList(req.pathParams.name);
  const matchers = patterns.map((p) => (p === '_all' ? () => true : wildcardMatcher(p)));
  const body: Json = {};
  const seen = new Set<string>();
  for (const index of indices) {
    const aliases = cluster.aliases.aliasesOf(index.name);
    const picked = Object.fromEntries(Object.entries(aliases).filter(([a]) => matchers.length === 0 || matchers.some((m) => m(a))));
    for (const a of Object.keys(picked)) seen.add(a);
    if (matchers.length === 0 || Object.keys(picked).length > 0) body[index.name] = { aliases: picked };
  }
  // A sorted set in ES (RestGetAliasesAction), whatever order the request named them in.
  const missing = [...new Set(patterns.filter((p) => !isWildcard(p) && p !== '_all' && !seen.has(p)))].sort();
  if (head) return { status: missing.length > 0 || (patterns.length > 0 && seen.size === 0) ? 404 : 200 };
  if (missing.length > 0) {
    const error = missing.length === 1 ? `alias [${missing[0]}] missing` : `aliases [${missing.join(',')}] missing`;
    return { status: 404, body: { error, status: 404, ...body } };
  }
  return { status: 200, body };
}

function putAlias(cluster: Cluster, req: EsRequest): EsResponse {
  const props = parseAliasProps(req.hasBody ? req.json() : {});
  const actions: AliasAction[] = [];
  for (const index of cluster.resolve(req.pathParams.index, { allowNoIndices: false })) {
    for (const alias of splitList(req.pathParams.name)) actions.push({ kind: 'add', index: index.name, alias, props });
  }
  cluster.updateAliases(actions);
  return { status: 200, body: { acknowledged: true } };
}

function deleteAlias(cluster: Cluster, req: EsRequest): EsResponse {
  const actions: AliasAction[] = [];
  const matchers = splitList(req.pathParams.name).map((p) => (p === '_all' ? () => true : wildcardMatcher(p)));
  for (const index of cluster.resolve(req.pathParams.index, { allowNoIndices: false })) {
    for (const alias of Object.keys(cluster.aliases.aliasesOf(index.name))) {
      if (matchers.some((m) => m(alias))) actions.push({ kind: 'remove', index: index.name, alias });
    }
  }
  if (actions.length === 0) {
    throw new EsError(404, 'aliases_not_found_exception', `aliases [${req.pathParams.name}] missing`, { 'resource.type': 'aliases', 'resource.id': req.pathParams.name });
  }
  cluster.updateAliases(actions);
  return { status: 200, body: { acknowledged: true } };
}

const names = (one: unknown, many: unknown): string[] => (many !== undefined ? (many as unknown[]).map(String) : one !== undefined ? [String(one)] : []);

/** POST /_aliases: every action is validated together and applied at once, or none is. */
function updateAliases(cluster: Cluster, req: EsRequest): EsResponse {
  const body = req.json();
  if (!Array.isArray(body.actions)) throw parsingError('[aliases] failed to parse field [actions]');
  const actions: AliasAction[] = [];
  for (const entry of body.actions as Json[]) {
    const [kind, spec] = Object.entries(entry ?? {})[0] ?? [];
    if (!['add', 'remove', 'remove_index'].includes(kind)) throw new EsError(400, 'x_content_parse_exception', `[1:2] [alias_action] unknown field [${kind}]`);
    const s = spec as Json;
    const indexExprs = names(s.index, s.indices);
    if (indexExprs.length === 0) throw new EsError(400, 'action_request_validation_exception', 'Validation Failed: 1: One of [index] or [indices] is required;');
    const indices = indexExprs.flatMap((e) => (isWildcard(e) ? cluster.resolve(e).map((i) => i.name) : [e]));
    if (kind === 'remove_index') {
      for (const index of indices) actions.push({ kind: 'remove_index', index });
      continue;
    }
    const aliases = names(s.alias, s.aliases);
    if (aliases.length === 0) throw new EsError(400, 'action_request_validation_exception', 'Validation Failed: 1: One of [alias] or [aliases] is required;');
    const { index: _i, indices: _is, alias: _a, aliases: _as, must_exist: mustExist, ...rest } = s;
    for (const index of indices) {
      for (const alias of aliases) {
        if (kind === 'add') actions.push({ kind: 'add', index, alias, props: parseAliasProps(rest) });
        else actions.push({ kind: 'remove', index, alias, mustExist: mustExist === undefined ? undefined : mustExist === true });
      }
    }
  }
  cluster.updateAliases(actions);
  return { status: 200, body: { acknowledged: true, errors: false } };
}

export function aliasRoutes(cluster: Cluster): Route[] {
  return [
    { methods: ['POST'], pattern: '/_aliases', params: ['master_timeout', 'timeout'], handler: (r) => updateAliases(cluster, r) },
    { methods: ['GET'], pattern: '/_alias', params: PARAMS, handler: (r) => getAlias(cluster, r) },
    { methods: ['GET'], pattern: '/_alias/{name}', params: PARAMS, handler: (r) => getAlias(cluster, r) },
    { methods: ['HEAD'], pattern: '/_alias/{name}', params: PARAMS, handler: (r) => getAlias(cluster, r, true) },
    { methods: ['GET'], pattern: '/{index}/_alias', params: PARAMS, handler: (r) => getAlias(cluster, r) },
    { methods: ['GET'], pattern: '/{index}/_alias/{name}', params: PARAMS, handler: (r) => getAlias(cluster, r) },
    { methods: ['HEAD'], pattern: '/{index}/_alias/{name}', params: PARAMS, handler: (r) => getAlias(cluster, r, true) },
    { methods: ['PUT', 'POST'], pattern: '/{index}/_alias/{name}', params: PARAMS, handler: (r) => putAlias(cluster, r) },
    { methods: ['PUT', 'POST'], pattern: '/{index}/_aliases/{name}', params: PARAMS, handler: (r) => putAlias(cluster, r) },
    { methods: ['DELETE'], pattern: '/{index}/_alias/{name}', params: PARAMS, handler: (r) => deleteAlias(cluster, r) },
    { methods: ['DELETE'], pattern: '/{index}/_aliases/{name}', params: PARAMS, handler: (r) => deleteAlias(cluster, r) },
  ];
}
