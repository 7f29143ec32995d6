import { illegalArgument } from '../errors';
import { EsRequest, Json } from '../http/es-request';
import { IndexStore, WriteOutcome } from '../store/index-store';
import { WriteConditions, parseVersionType, validateConditions } from '../store/versioning';

export type RefreshPolicy = 'false' | 'true' | 'wait_for';

export const WRITE_PARAMS = ['refresh', 'version', 'version_type', 'if_seq_no', 'if_primary_term', 'op_type', 'routing', 'wait_for_active_shards', 'require_alias', 'pipeline', 'require_data_stream', 'include_source_on_error'];

export function conditionsFrom(req: EsRequest): WriteConditions {
  const opType = req.param('op_type');
  if (opType !== undefined && opType !== 'index' && opType !== 'create') throw illegalArgument(`opType must be 'create' or 'index', found: [${opType}]`);
  if (req.param('pipeline') !== undefined) throw illegalArgument('ingest pipelines are not supported by the embedded Elasticsearch stand-in');
  // There are no data streams here: honouring require_data_stream would mean refusing every write.
  if (req.bool('require_data_stream')) throw illegalArgument('[require_data_stream] is not supported by the embedded Elasticsearch stand-in (no data streams)');
  const cond: WriteConditions = {
    opType: opType as WriteConditions['opType'],
    version: req.int('version'),
    versionType: parseVersionType(req.param('version_type')),
    ifSeqNo: req.int('if_seq_no'),
    ifPrimaryTerm: req.int('if_primary_term'),
  };
  validateConditions(cond);
  return cond;
}

/** Applies a write's refresh policy to the indices it touched; resolves when the caller may answer. */
export async function applyRefresh(indices: Iterable<IndexStore>, policy: RefreshPolicy): Promise<boolean> {
  const unique = [...new Set(indices)];
  if (policy === 'true') {
    for (const index of unique) index.refresh();
    return true;
  }
  if (policy === 'wait_for') await Promise.all(unique.map((i) => i.waitForRefresh()));
  return false;
}

/** The document-write answer every write API shares. */
export function writeBody(index: IndexStore, outcome: WriteOutcome, forcedRefresh = false): Json {
  const noop = outcome.result === 'noop';
  const body: Json = {
    _index: index.name,
    _id: outcome.doc.id,
    _version: outcome.doc.version,
    result: outcome.result,
    _shards: noop ? { total: 0, successful: 0, failed: 0 } : index.writeShards(),
    _seq_no: outcome.doc.seqNo,
    _primary_term: outcome.doc.primaryTerm,
  };
  if (forcedRefresh) body.forced_refresh = true;
  return body;
}

export function statusOf(outcome: WriteOutcome): number {
  return outcome.result === 'created' ? 201 : outcome.result === 'not_found' ? 404 : 200;
}

export function validateId(id: string): void {
  if (id === '') throw illegalArgument('if _id is specified it must not be empty');
  if (Buffer.byteLength(id) > 512) throw illegalArgument(`id [${id}] is too long, must be no longer than 512 bytes but was: ${Buffer.byteLength(id)}`);
}

/** ES's auto-generated ids are 20 URL-safe base64 characters. */
export function autoId(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64url');
}
