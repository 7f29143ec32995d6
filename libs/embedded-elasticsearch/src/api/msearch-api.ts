import { EsError, illegalArgument, toEsError, unsupported } from '../errors';
import { EsRequest, EsResponse, Json, parseJson } from '../http/es-request';
import { Route } from '../http/router';
import { validateBody } from '../search/search-executor';
import { Cluster, ResolveOptions } from '../store/cluster';
import { RESOLVE, runSearch } from './search-api';

/** Header keys ES accepts in an `_msearch` metadata line (routing/preference-like ones have no effect on one shard). */
const HEADER_KEYS = ['index', 'indices', 'ignore_unavailable', 'allow_no_indices', 'expand_wildcards', 'ignore_throttled', 'search_type', 'preference', 'routing', 'request_cache', 'ccs_minimize_roundtrips', 'allow_partial_search_results'];

interface MsearchItem {
  index: string | undefined;
  resolve: ResolveOptions;
  body: Json;
}

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function flag(value: unknown, fallback: boolean | undefined): boolean | undefined {
  if (value === undefined) return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw illegalArgument(`Failed to parse value [${String(value)}] as only [true] or [false] are allowed.`);
}

/** Parses every header/body pair before running anything: a broken line fails the whole request with 400, as in ES. */
function parseMsearch(text: string, defaultIndex: string | undefined, defaults: ResolveOptions): MsearchItem[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else if (text.length > 0) throw illegalArgument('The msearch request must be terminated by a newline [\\n]');
  const items: MsearchItem[] = [];
  for (let i = 0; i < lines.length; i += 2) {
    // An empty header line stands for `{}`.
    const header = lines[i].trim() === '' ? {} : parseJson(lines[i], i + 1);
    if (!isObject(header)) throw illegalArgument(`Malformed msearch header on line [${i + 1}], expected START_OBJECT`);
    for (const key of Object.keys(header)) {
      if (key === 'type') throw illegalArgument('[types removal] Specifying types in search requests is not supported');
      if (!HEADER_KEYS.includes(key)) throw illegalArgument(`key [${key}] is not supported in the metadata section`);
    }
    const names = header.index ?? header.indices;
    if (names !== undefined && typeof names !== 'string' && !(Array.isArray(names) && names.every((n) => typeof n === 'string'))) {
      throw illegalArgument(`Malformed msearch header on line [${i + 1}]: [index] must be a string or an array of strings`);
    }
    const bodyLine = lines[i + 1];
    if (bodyLine === undefined || bodyLine.trim() === '') throw illegalArgument(`The msearch request is missing the body line for the header on line [${i + 1}]`);
    const body = parseJson(bodyLine, i + 2);
    if (!isObject(body)) throw new EsError(400, 'x_content_parse_exception', `[${i + 2}:1] search body on line [${i + 2}] must be a JSON object`);
    validateBody(body);
    items.push({
      index: names === undefined ? defaultIndex : Array.isArray(names) ? names.join(',') : names,
      resolve: { ignoreUnavailable: flag(header.ignore_unavailable, defaults.ignoreUnavailable), allowNoIndices: flag(header.allow_no_indices, defaults.allowNoIndices) },
      body,
    });
  }
  if (items.length === 0) throw new EsError(400, 'action_request_validation_exception', 'Validation Failed: 1: no requests added;');
  return items;
}

/** Each item runs exactly like `_search`; a failing item answers `{error, status}` in its slot and the rest still run. */
function msearch(cluster: Cluster, req: EsRequest): EsResponse {
  const started = Date.now();
  if (req.bool('typed_keys')) throw unsupported('[typed_keys]');
  const concurrency = req.int('max_concurrent_searches');
  if (concurrency !== undefined && concurrency < 1) throw illegalArgument('maxConcurrentSearchRequests must be positive');
  const defaults = { ignoreUnavailable: req.bool('ignore_unavailable'), allowNoIndices: req.bool('allow_no_indices', true) };
  const items = parseMsearch(req.text(), req.pathParams.index, defaults);
  const restTotalHitsAsInt = req.bool('rest_total_hits_as_int');
  const responses = items.map((item) => {
    try {
      return { ...runSearch(cluster, item.index, item.resolve, item.body, { restTotalHitsAsInt }), status: 200 };
    } catch (e) {
      return toEsError(e).toBody();
    }
  });
  return { status: 200, body: { took: Date.now() - started, responses } };
}

export function msearchRoutes(cluster: Cluster): Route[] {
  const params = [...RESOLVE, 'max_concurrent_searches', 'rest_total_hits_as_int', 'typed_keys'];
  return [
    { methods: ['GET', 'POST'], pattern: '/_msearch', params, handler: (r) => msearch(cluster, r) },
    { methods: ['GET', 'POST'], pattern: '/{index}/_msearch', params, handler: (r) => msearch(cluster, r) },
  ];
}
