import { EsError, indexNotFound, parsingError, unsupported, versionConflict } from '../errors';
import { EsRequest, EsResponse, Json } from '../http/es-request';
import { Route } from '../http/router';
import { filterSource, parseSourceFilter } from '../search/source-filter';
import { Cluster } from '../store/cluster';
import { IndexStore } from '../store/index-store';
import { StoredDoc } from '../store/stored-doc';
import { parseVersionType } from '../store/versioning';
import { WRITE_PARAMS, applyRefresh, autoId, conditionsFrom, statusOf, validateId, writeBody } from './write-support';

const GET_PARAMS = ['_source', '_source_includes', '_source_excludes', 'realtime', 'refresh', 'routing', 'preference', 'stored_fields', 'version', 'version_type'];

function sourceParams(req: EsRequest) {
  if (req.param('stored_fields') !== undefined) throw unsupported('[stored_fields]');
  return { source: req.param('_source'), includes: req.param('_source_includes'), excludes: req.param('_source_excludes') };
}

async function indexDoc(cluster: Cluster, req: EsRequest, forceCreate: boolean): Promise<EsResponse> {
  const id = req.pathParams.id ?? autoId();
  validateId(id);
  const cond = conditionsFrom(req);
  // _create always creates; an auto-generated id defaults to create, as in ES.
  if (forceCreate) cond.opType = 'create';
  else if (req.pathParams.id === undefined) cond.opType ??= 'create';
  const source = req.json();
  const index = cluster.resolveWrite(req.pathParams.index, true, req.bool('require_alias'));
  const outcome = index.index(id, source, cond);
  const forced = await applyRefresh([index], req.refresh());
  return { status: statusOf(outcome), body: writeBody(index, outcome, forced) };
}

async function deleteDoc(cluster: Cluster, req: EsRequest): Promise<EsResponse> {
  const index = cluster.resolveWrite(req.pathParams.index, false);
  const cond = conditionsFrom(req);
  const outcome = index.delete(req.pathParams.id, cond);
  const forced = await applyRefresh([index], req.refresh());
  return { status: statusOf(outcome), body: writeBody(index, outcome, forced) };
}

const UPDATE_KEYS = ['doc', 'upsert', 'doc_as_upsert', 'detect_noop', '_source', 'scripted_upsert', 'script'];

async function updateDoc(cluster: Cluster, req: EsRequest): Promise<EsResponse> {
  const body = req.json();
  for (const key of Object.keys(body)) {
    if (key === 'script' || key === 'scripted_upsert') throw unsupported('update scripts');
    if (!UPDATE_KEYS.includes(key)) throw new EsError(400, 'x_content_parse_exception', `[1:2] [UpdateRequest] unknown field [${key}]`);
  }
  if (body.doc === undefined && body.upsert === undefined) throw new EsError(400, 'action_request_validation_exception', 'Validation Failed: 1: script or doc is missing;');
  const index = cluster.resolveWrite(req.pathParams.index, body.upsert !== undefined || body.doc_as_upsert === true);
  const cond = conditionsFrom(req);
  const outcome = index.update(req.pathParams.id, (body.doc as Json) ?? {}, {
    upsert: body.upsert as Json | undefined,
    docAsUpsert: body.doc_as_upsert === true,
    detectNoop: body.detect_noop !== false,
    cond,
  });
  const forced = outcome.result === 'noop' ? false : await applyRefresh([index], req.refresh());
  const response = writeBody(index, outcome, forced);
  if (body._source !== undefined || req.param('_source') !== undefined) {
    const filter = parseSourceFilter(body._source, { source: req.param('_source') });
    const current = index.get(req.pathParams.id);
    if (current && filter.fetch) response.get = { _seq_no: current.seqNo, _primary_term: 1, found: true, _source: filterSource(current.source, filter) };
  }
  return { status: statusOf(outcome), body: response };
}

/** Get: the live document by default (realtime), the last refreshed one with realtime=false. */
function getDoc(cluster: Cluster, req: EsRequest, sourceOnly: boolean): EsResponse {
  const index = cluster.resolveSingle(req.pathParams.index);
  if (req.bool('refresh')) index.refresh();
  const filter = parseSourceFilter(undefined, sourceParams(req));
  const doc = readDoc(index, req.pathParams.id, req.bool('realtime', true));
  if (!doc) {
    if (sourceOnly) return { status: 404, body: new EsError(404, 'resource_not_found_exception', `Document not found [${index.name}]/[${req.pathParams.id}]`).toBody() };
    return { status: 404, body: { _index: index.name, _id: req.pathParams.id, found: false } };
  }
  checkReadVersion(index, doc.id, doc.version, req.int('version'), req.param('version_type'));
  if (sourceOnly) return { status: 200, body: filterSource(doc.source, filter) ?? {} };
  return { status: 200, body: getBody(index, doc.id, filter, doc) };
}

/**
 * A get with `version` conflicts unless the live document has exactly that version, for every
 * version type (ES's VersionType.isVersionConflictForReads); a missing document is just not found.
 */
function checkReadVersion(index: IndexStore, id: string, current: number, expected: number | undefined, versionType: string | undefined): void {
  parseVersionType(versionType);
  if (expected === undefined || expected === -3) return; // -3 is Versions.MATCH_ANY
  if (current !== expected) {
    throw versionConflict(index.name, index.uuid, id, `current version [${current}] is different than the one provided [${expected}]`);
  }
}

/** realtime=false reads what search sees (the last refresh), as ES does; the default reads the live document. */
function readDoc(index: IndexStore, id: string, realtime: boolean): StoredDoc | undefined {
  if (realtime) return index.get(id);
  const segment = index.segment;
  for (const num of segment.postingsFor('_id', id)) if (segment.isVisible(num)) return segment.docs[num]?.doc;
  return undefined;
}

function getBody(index: IndexStore, id: string, filter: ReturnType<typeof parseSourceFilter>, doc = index.get(id)): Json {
  if (!doc) return { _index: index.name, _id: id, found: false };
  const body: Json = { _index: index.name, _id: id, _version: doc.version, _seq_no: doc.seqNo, _primary_term: doc.primaryTerm, found: true };
  const source = filterSource(doc.source, filter);
  if (source !== undefined) body._source = source;
  return body;
}

function mget(cluster: Cluster, req: EsRequest): EsResponse {
  const body = req.json();
  const defaultIndex = req.pathParams.index;
  const defaultFilter = parseSourceFilter(undefined, sourceParams(req));
  let specs: Json[];
  if (Array.isArray(body.docs)) specs = body.docs as Json[];
  else if (Array.isArray(body.ids)) specs = (body.ids as unknown[]).map((id) => ({ _id: id }));
  else throw new EsError(400, 'action_request_validation_exception', 'Validation Failed: 1: no documents to get;');
  if (specs.length === 0) throw new EsError(400, 'action_request_validation_exception', 'Validation Failed: 1: no documents to get;');
  const docs = specs.map((spec) => {
    if (typeof spec !== 'object' || spec === null) throw parsingError('[mget] docs must be objects');
    const indexName = (spec._index as string | undefined) ?? defaultIndex;
    const id = String(spec._id);
    if (indexName === undefined) throw new EsError(400, 'action_request_validation_exception', 'Validation Failed: 1: index is missing for doc 0;');
    const filter = spec._source === undefined ? defaultFilter : parseSourceFilter(spec._source);
    try {
      const index = cluster.resolveSingle(indexName);
      const doc = readDoc(index, id, req.bool('realtime', true));
      if (doc) checkReadVersion(index, id, doc.version, spec.version === undefined ? undefined : Number(spec.version), spec.version_type as string | undefined);
      return getBody(index, id, filter, doc);
    } catch (e) {
      if (!(e instanceof EsError)) throw e;
      const err = e.type === 'index_not_found_exception' ? indexNotFound(indexName) : e;
      return { _index: indexName, _id: id, error: (err.toBody() as { error: unknown }).error };
    }
  });
  return { status: 200, body: { docs } };
}

export function documentRoutes(cluster: Cluster): Route[] {
  return [
    { methods: ['PUT', 'POST'], pattern: '/{index}/_doc/{id}', params: WRITE_PARAMS, handler: (r) => indexDoc(cluster, r, false) },
    { methods: ['POST'], pattern: '/{index}/_doc', params: WRITE_PARAMS, handler: (r) => indexDoc(cluster, r, false) },
    { methods: ['PUT', 'POST'], pattern: '/{index}/_create/{id}', params: WRITE_PARAMS, handler: (r) => indexDoc(cluster, r, true) },
    { methods: ['DELETE'], pattern: '/{index}/_doc/{id}', params: WRITE_PARAMS, handler: (r) => deleteDoc(cluster, r) },
    { methods: ['POST'], pattern: '/{index}/_update/{id}', params: [...WRITE_PARAMS, 'retry_on_conflict', '_source', 'lang'], handler: (r) => updateDoc(cluster, r) },
    { methods: ['GET', 'HEAD'], pattern: '/{index}/_doc/{id}', params: GET_PARAMS, handler: (r) => getDoc(cluster, r, false) },
    { methods: ['GET', 'HEAD'], pattern: '/{index}/_source/{id}', params: GET_PARAMS, handler: (r) => getDoc(cluster, r, true) },
    { methods: ['GET', 'POST'], pattern: '/_mget', params: GET_PARAMS, handler: (r) => mget(cluster, r) },
    { methods: ['GET', 'POST'], pattern: '/{index}/_mget', params: GET_PARAMS, handler: (r) => mget(cluster, r) },
  ];
}
