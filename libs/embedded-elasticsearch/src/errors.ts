/**
 * Errors shaped exactly like Elasticsearch's, so the official client builds the same
 * ResponseError (meta.statusCode, meta.body.error.type/reason) it would against a real node.
 */
export interface EsErrorCause {
  type: string;
  reason: string;
  [extra: string]: unknown;
}

export class EsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly reason: string,
    readonly extra: Record<string, unknown> = {},
    readonly causedBy?: EsErrorCause,
    /** Some ES answers carry a bare string error (missing alias): `{"error":"...","status":404}`. */
    readonly plain?: Record<string, unknown>,
  ) {
    super(reason);
  }

  toCause(): EsErrorCause {
    return { type: this.type, reason: this.reason, ...this.extra };
  }

  toBody(): Record<string, unknown> {
    if (this.plain) return { ...this.plain, status: this.status };
    // A wrapped shard failure reports the shard's cause as its root cause, as ES does.
    const wrapped = this.type === 'search_phase_execution_exception' && this.causedBy;
    const rootCause = wrapped ? this.causedBy : this.toCause();
    const error: Record<string, unknown> = { root_cause: [rootCause], ...this.toCause() };
    if (this.causedBy) error.caused_by = this.causedBy;
    return { error, status: this.status };
  }
}

const indexExtra = (index: string, uuid = '_na_') => ({ index_uuid: uuid, index });

export const indexNotFound = (index: string, detail?: string) =>
  new EsError(404, 'index_not_found_exception', `no such index [${index}]${detail === undefined ? '' : ` and ${detail}`}`, {
    'resource.type': 'index_or_alias',
    'resource.id': index,
    ...indexExtra(index),
  });

export const indexAlreadyExists = (index: string, uuid: string) =>
  new EsError(400, 'resource_already_exists_exception', `index [${index}/${uuid}] already exists`, indexExtra(index, uuid));

export const versionConflict = (index: string, uuid: string, id: string, detail: string) =>
  new EsError(409, 'version_conflict_engine_exception', `[${id}]: version conflict, ${detail}`, {
    index_uuid: uuid,
    shard: '0',
    index,
  });

export const documentMissing = (index: string, uuid: string, id: string) =>
  new EsError(404, 'document_missing_exception', `[${id}]: document missing`, { index_uuid: uuid, shard: '0', index });

export const illegalArgument = (reason: string) => new EsError(400, 'illegal_argument_exception', reason);

export const parsingError = (reason: string) => new EsError(400, 'parsing_exception', reason, { line: 1, col: 1 });

export const xContentParseError = (reason: string) => new EsError(400, 'x_content_parse_exception', reason);

export const mapperParsing = (reason: string) => new EsError(400, 'mapper_parsing_exception', reason);

export const documentParsing = (reason: string, causedBy?: EsErrorCause) =>
  new EsError(400, 'document_parsing_exception', reason, {}, causedBy);

export const validationFailed = (problems: string[]) =>
  new EsError(
    400,
    'action_request_validation_exception',
    `Validation Failed: ${problems.map((p, i) => `${i + 1}: ${p};`).join('')}`,
  );

export const invalidIndexName = (index: string, why: string) =>
  new EsError(400, 'invalid_index_name_exception', `Invalid index name [${index}], ${why}`, indexExtra(index));

/** A feature Elasticsearch has but this stand-in does not: a clear 400, never a silent wrong answer. */
export const unsupported = (what: string) =>
  illegalArgument(`${what} is not supported by the embedded Elasticsearch stand-in`);

/**
 * Query-phase failures reach the client wrapped as ES wraps shard failures: a
 * search_phase_execution_exception whose root cause is the real problem.
 */
export const searchPhaseFailure = (cause: EsError, index: string) => {
  const shardCause = cause.toCause();
  return new EsError(
    cause.status,
    'search_phase_execution_exception',
    'all shards failed',
    {
      phase: 'query',
      grouped: true,
      failed_shards: [{ shard: 0, index, node: 'embedded', reason: shardCause }],
    },
    shardCause,
  );
};

export function toEsError(error: unknown): EsError {
  if (error instanceof EsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new EsError(500, 'exception', message);
}
