import { EsError, illegalArgument, indexNotFound } from '../errors';
import { EsRequest, EsResponse, Json } from '../http/es-request';
import { Route } from '../http/router';
import { Cluster } from '../store/cluster';
import { flattenSettings, validateSettings } from '../store/index-settings';
import { IndexStore } from '../store/index-store';
import { isWildcard, splitList } from '../store/names';

const RESOLVE_PARAMS = ['ignore_unavailable', 'allow_no_indices', 'expand_wildcards', 'local', 'flat_settings', 'include_defaults', 'features'];

export function resolveOpts(req: EsRequest) {
  return { ignoreUnavailable: req.bool('ignore_unavailable'), allowNoIndices: req.bool('allow_no_indices', true) };
}

function createIndex(cluster: Cluster, req: EsRequest): EsResponse {
  const index = cluster.createIndex(req.pathParams.index, req.json());
  return { status: 200, body: { acknowledged: true, shards_acknowledged: true, index: index.name } };
}

/**
 * DELETE /{index}: lists allowed; wildcards refused (action.destructive_requires_name defaults to
 * true in ES 8+). Delete ignores aliases: an alias name is an error, or with ignore_unavailable
 * skipped like a missing index (the alias and its indices stay).
 */
function deleteIndex(cluster: Cluster, req: EsRequest): EsResponse {
  const names = splitList(req.pathParams.index);
  if (names.some((n) => isWildcard(n) || n === '_all')) throw illegalArgument('Wildcard expressions or all indices are not allowed');
  const ignore = req.bool('ignore_unavailable');
  for (const name of names) {
    if (cluster.aliases.has(name) && !cluster.indices.has(name) && !ignore) {
      throw illegalArgument(`The provided expression [${name}] matches an alias, specify the corresponding concrete indices instead.`);
    }
    if (!cluster.indices.has(name) && !ignore) throw indexNotFound(name);
  }
  for (const name of names) if (cluster.indices.has(name)) cluster.deleteIndex(name);
  return { status: 200, body: { acknowledged: true } };
}

function indexExists(cluster: Cluster, req: EsRequest): EsResponse {
  try {
    const found = cluster.resolve(req.pathParams.index, resolveOpts(req));
    return { status: found.length > 0 ? 200 : 404 };
  } catch (e) {
    if (e instanceof EsError && e.status === 404) return { status: 404 };
    throw e;
  }
}

function settingsOf(index: IndexStore, flat: boolean): Json {
  return flat ? Object.fromEntries(Object.entries(flattenSettings(index.settingsJson()))) : index.settingsJson();
}

function getIndex(cluster: Cluster, req: EsRequest): EsResponse {
  const body: Json = {};
  for (const index of cluster.resolve(req.pathParams.index, resolveOpts(req))) {
    body[index.name] = {
      aliases: cluster.aliases.aliasesOf(index.name),
      mappings: index.mapping.toJSON(),
      settings: settingsOf(index, req.bool('flat_settings')),
    };
  }
  return { status: 200, body };
}

function getMapping(cluster: Cluster, req: EsRequest): EsResponse {
  const body: Json = {};
  for (const index of cluster.resolve(req.pathParams.index, resolveOpts(req))) body[index.name] = { mappings: index.mapping.toJSON() };
  return { status: 200, body };
}

/** Put mapping is validated against every target before any changes, so it is all or nothing. */
function putMapping(cluster: Cluster, req: EsRequest): EsResponse {
  const targets = cluster.resolve(req.pathParams.index, { ...resolveOpts(req), allowNoIndices: false });
  const body = req.json();
  for (const index of targets) index.putMapping(body);
  return { status: 200, body: { acknowledged: true } };
}

function getSettings(cluster: Cluster, req: EsRequest): EsResponse {
  const body: Json = {};
  for (const index of cluster.resolve(req.pathParams.index, resolveOpts(req))) body[index.name] = { settings: settingsOf(index, req.bool('flat_settings')) };
  return { status: 200, body };
}

function putSettings(cluster: Cluster, req: EsRequest): EsResponse {
  const targets = cluster.resolve(req.pathParams.index, { ...resolveOpts(req), allowNoIndices: false });
  const raw = req.json();
  const flat = flattenSettings((raw.settings as Json | undefined) ?? raw);
  validateSettings(flat, true);
  for (const index of targets) index.updateSettings(flat);
  return { status: 200, body: { acknowledged: true } };
}

function refresh(cluster: Cluster, req: EsRequest): EsResponse {
  const targets = cluster.resolve(req.pathParams.index, resolveOpts(req));
  for (const index of targets) index.refresh();
  const total = targets.reduce((n, i) => n + 1 + i.replicas, 0);
  return { status: 200, body: { _shards: { total, successful: targets.length, failed: 0 } } };
}

export function indicesRoutes(cluster: Cluster): Route[] {
  return [
    { methods: ['GET', 'POST'], pattern: '/_refresh', params: RESOLVE_PARAMS, handler: (r) => refresh(cluster, r) },
    { methods: ['GET', 'POST'], pattern: '/{index}/_refresh', params: RESOLVE_PARAMS, handler: (r) => refresh(cluster, r) },
    { methods: ['GET'], pattern: '/_mapping', params: RESOLVE_PARAMS, handler: (r) => getMapping(cluster, r) },
    { methods: ['GET'], pattern: '/{index}/_mapping', params: RESOLVE_PARAMS, handler: (r) => getMapping(cluster, r) },
    { methods: ['PUT', 'POST'], pattern: '/{index}/_mapping', params: [...RESOLVE_PARAMS, 'write_index_only'], handler: (r) => putMapping(cluster, r) },
    { methods: ['GET'], pattern: '/_settings', params: RESOLVE_PARAMS, handler: (r) => getSettings(cluster, r) },
    { methods: ['GET'], pattern: '/{index}/_settings', params: RESOLVE_PARAMS, handler: (r) => getSettings(cluster, r) },
    { methods: ['PUT'], pattern: '/{index}/_settings', params: [...RESOLVE_PARAMS, 'preserve_existing', 'reopen'], handler: (r) => putSettings(cluster, r) },
    { methods: ['PUT'], pattern: '/{index}', params: ['wait_for_active_shards'], handler: (r) => createIndex(cluster, r) },
    { methods: ['DELETE'], pattern: '/{index}', params: RESOLVE_PARAMS, handler: (r) => deleteIndex(cluster, r) },
    { methods: ['HEAD'], pattern: '/{index}', params: RESOLVE_PARAMS, handler: (r) => indexExists(cluster, r) },
    { methods: ['GET'], pattern: '/{index}', params: RESOLVE_PARAMS, handler: (r) => getIndex(cluster, r) },
  ];
}
