import { EsError, illegalArgument, toEsError, unsupported } from '../errors';
import { EsRequest, EsResponse, Json, parseJson } from '../http/es-request';
import { Route } from '../http/router';
import { Cluster } from '../store/cluster';
import { IndexStore, WriteOutcome } from '../store/index-store';
import { WriteConditions, parseVersionType, validateConditions } from '../store/versioning';
import { WRITE_PARAMS, applyRefresh, autoId, validateId, writeBody } from './write-support';

type Op = 'index' | 'create' | 'update' | 'delete';
const OPS: Op[] = ['index', 'create', 'update', 'delete'];
const META_KEYS = ['_index', '_id', 'routing', 'if_seq_no', 'if_primary_term', 'version', 'version_type', 'retry_on_conflict', 'require_alias', 'op_type', 'pipeline', 'dynamic_templates', 'list_executed_pipelines', '_source'];

interface BulkItem {
  op: Op;
  meta: Json;
  source?: Json;
  line: number;
}

/**
 * Parses the whole NDJSON body before applying anything: a malformed action line or a
 * missing source line fails the request with 400, as ES does, and nothing is written.
 */
function parseBulk(text: string, defaultIndex?: string): BulkItem[] {
  // ES reads op_type in any action but applies it to index actions only: "create" makes one a create (answered under "create").
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else if (text.length > 0) throw illegalArgument('The bulk request must be terminated by a newline [\\n]');
  const items: BulkItem[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const action = parseJson(lines[i], i + 1);
    if (action === null || typeof action !== 'object' || Array.isArray(action)) {
      throw illegalArgument(`Malformed action/metadata line [${i + 1}], expected START_OBJECT or END_OBJECT but found [VALUE]`);
    }
    const keys = Object.keys(action);
    if (keys.length !== 1 || !OPS.includes(keys[0] as Op)) {
      throw illegalArgument(`Malformed action/metadata line [${i + 1}], expected field [create], [delete], [index] or [update] but found [${keys[0] ?? ''}]`);
    }
    let op = keys[0] as Op;
    const meta = ((action as Json)[op] ?? {}) as Json;
    for (const key of Object.keys(meta)) {
      if (!META_KEYS.includes(key)) throw illegalArgument(`Action/metadata line [${i + 1}] contains an unknown parameter [${key}]`);
    }
    if (meta.dynamic_templates !== undefined && Object.keys(meta.dynamic_templates as object).length > 0) throw unsupported('[dynamic_templates] in bulk actions');
    if (meta._source !== undefined) throw unsupported('[_source] in bulk actions (the get of an update)');
    if (meta.op_type !== undefined && op === 'index') {
      if (meta.op_type !== 'index' && meta.op_type !== 'create') throw illegalArgument(`opType must be 'create' or 'index', found: [${String(meta.op_type)}]`);
      op = meta.op_type;
    }
    if (meta._index === undefined && defaultIndex === undefined) {
      throw new EsError(400, 'action_request_validation_exception', `Validation Failed: 1: index is missing;`);
    }
    const item: BulkItem = { op, meta, line: i + 1 };
    if (op !== 'delete') {
      const sourceLine = lines[++i];
      if (sourceLine === undefined || sourceLine.trim() === '') {
        throw illegalArgument(`The bulk request is missing the source line for the [${op}] action on line [${i}]`);
      }
      const source = parseJson(sourceLine, i + 1);
      if (source === null || typeof source !== 'object' || Array.isArray(source)) {
        throw new EsError(400, 'x_content_parse_exception', `[${i + 1}:1] source of [${op}] on line [${i}] must be a JSON object`);
      }
      item.source = source as Json;
    }
    items.push(item);
  }
  if (items.length === 0) throw new EsError(400, 'action_request_validation_exception', 'Validation Failed: 1: no requests added;');
  return items;
}

function conditions(item: BulkItem): WriteConditions {
  const m = item.meta;
  const cond: WriteConditions = {
    opType: item.op === 'create' ? 'create' : item.op === 'index' ? 'index' : undefined,
    version: m.version === undefined ? undefined : Number(m.version),
    versionType: parseVersionType(m.version_type as string | undefined),
    ifSeqNo: m.if_seq_no === undefined ? undefined : Number(m.if_seq_no),
    ifPrimaryTerm: m.if_primary_term === undefined ? undefined : Number(m.if_primary_term),
  };
  validateConditions(cond, item.op === 'delete');
  return cond;
}

function applyItem(cluster: Cluster, item: BulkItem, defaultIndex: string | undefined, requireAlias: boolean): { index: IndexStore; outcome: WriteOutcome } {
  if (item.meta.pipeline !== undefined) throw unsupported('ingest pipelines');
  const name = String(item.meta._index ?? defaultIndex);
  // The action's own require_alias wins over the URL's; deletes ignore it, as in ES.
  const mustBeAlias = item.op !== 'delete' && (item.meta.require_alias === undefined ? requireAlias : item.meta.require_alias === true || item.meta.require_alias === 'true');
  const cond = conditions(item);
  if (item.op === 'delete') {
    const index = cluster.resolveWrite(name, false);
    return { index, outcome: index.delete(String(item.meta._id), cond) };
  }
  if (item.op === 'update') {
    const body = item.source as Json;
    if (body.script !== undefined) throw unsupported('update scripts');
    const index = cluster.resolveWrite(name, body.upsert !== undefined || body.doc_as_upsert === true, mustBeAlias);
    const outcome = index.update(String(item.meta._id), (body.doc as Json) ?? {}, {
      upsert: body.upsert as Json | undefined, docAsUpsert: body.doc_as_upsert === true, detectNoop: body.detect_noop !== false, cond,
    });
    return { index, outcome };
  }
  const id = item.meta._id === undefined ? autoId() : String(item.meta._id);
  validateId(id);
  if (item.meta._id === undefined) cond.opType = 'create';
  const index = cluster.resolveWrite(name, true, mustBeAlias);
  return { index, outcome: index.index(id, item.source as Json, cond) };
}

const STATUS: Record<string, number> = { created: 201, updated: 200, deleted: 200, noop: 200, not_found: 404 };

async function bulk(cluster: Cluster, req: EsRequest): Promise<EsResponse> {
  const started = Date.now();
  for (const p of ['_source', '_source_includes', '_source_excludes']) if (req.param(p) !== undefined) throw unsupported(`bulk parameter [${p}] (the get of an update)`);
  if (req.bool('require_data_stream')) throw illegalArgument('[require_data_stream] is not supported by the embedded Elasticsearch stand-in (no data streams)');
  const defaultIndex = req.pathParams.index;
  const items = parseBulk(req.text(), defaultIndex);
  const touched = new Set<IndexStore>();
  let errors = false;
  const results = items.map((item): Record<string, Json> => {
    const name = String(item.meta._index ?? defaultIndex);
    try {
      const { index, outcome } = applyItem(cluster, item, defaultIndex, req.bool('require_alias'));
      touched.add(index);
      return { [item.op]: { ...writeBody(index, outcome), status: STATUS[outcome.result] } };
    } catch (e) {
      const err = toEsError(e);
      errors = true;
      const cause = (err.toBody() as { error: Json }).error;
      delete cause.root_cause;
      return { [item.op]: { _index: name, _id: item.meta._id ?? null, status: err.status, error: cause } };
    }
  });
  const forced = await applyRefresh(touched, req.refresh());
  if (forced) for (const r of results) for (const entry of Object.values(r)) entry.forced_refresh = true;
  return { status: 200, body: { errors, took: Date.now() - started, items: results } };
}

export function bulkRoutes(cluster: Cluster): Route[] {
  const params = [...WRITE_PARAMS, '_source', '_source_includes', '_source_excludes', 'list_executed_pipelines'];
  return [
    { methods: ['POST', 'PUT'], pattern: '/_bulk', params, handler: (r) => bulk(cluster, r) },
    { methods: ['POST', 'PUT'], pattern: '/{index}/_bulk', params, handler: (r) => bulk(cluster, r) },
  ];
}
