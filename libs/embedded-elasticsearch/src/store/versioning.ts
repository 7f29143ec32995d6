import { illegalArgument, validationFailed } from '../errors';

export type VersionType = 'internal' | 'external' | 'external_gte';

/** Concurrency conditions of one write, from query params or bulk metadata. */
export interface WriteConditions {
  opType?: 'index' | 'create';
  version?: number;
  versionType?: VersionType;
  ifSeqNo?: number;
  ifPrimaryTerm?: number;
}

export interface CurrentState {
  version: number;
  seqNo: number;
  primaryTerm: number;
}

export type Conflict = (detail: string) => Error;

/**
 * ES's rules for the version a write gets, or why it conflicts (409). `current` is the
 * live document; `tombstone` the version of a recently deleted one, which ES keeps
 * (index.gc_deletes) so a re-created document continues the version sequence.
 */
export function nextVersion(current: CurrentState | undefined, tombstone: number | undefined, cond: WriteConditions, conflict: Conflict): number {
  if (cond.ifSeqNo !== undefined || cond.ifPrimaryTerm !== undefined) {
    const required = `required seqNo [${cond.ifSeqNo}], primary term [${cond.ifPrimaryTerm}].`;
    if (!current) throw conflict(`${required} but no document was found`);
    if (current.seqNo !== cond.ifSeqNo || current.primaryTerm !== cond.ifPrimaryTerm) {
      throw conflict(`${required} current document has seqNo [${current.seqNo}] and primary term [${current.primaryTerm}]`);
    }
  }
  if (cond.opType === 'create' && current) {
    throw conflict(`document already exists (current version [${current.version}])`);
  }
  const type = cond.versionType ?? 'internal';
  const existing = current?.version ?? tombstone;
  if (type === 'internal') return (existing ?? 0) + 1;
  const given = cond.version as number;
  if (existing !== undefined) {
    if (type === 'external' && given <= existing) {
      throw conflict(`current version [${existing}] is higher or equal to the one provided [${given}]`);
    }
    if (type === 'external_gte' && given < existing) {
      throw conflict(`current version [${existing}] is higher than the one provided [${given}]`);
    }
  }
  return given;
}

/** Request-level validation ES performs before touching the shard (400, not 409). */
export function validateConditions(cond: WriteConditions, isDelete = false): void {
  const problems: string[] = [];
  const type = cond.versionType ?? 'internal';
  if (type === 'internal' && cond.version !== undefined) {
    problems.push('internal versioning can not be used for optimistic concurrency control. Please use `if_seq_no` and `if_primary_term` instead');
  }
  if (type !== 'internal' && cond.version === undefined) problems.push(`an external version is required`);
  if (cond.version !== undefined && (!Number.isInteger(cond.version) || cond.version < 0)) problems.push('illegal version value [' + cond.version + '] for version type [' + type + ']');
  if ((cond.ifSeqNo === undefined) !== (cond.ifPrimaryTerm === undefined)) {
    problems.push(cond.ifSeqNo === undefined ? 'ifSeqNo is unassigned, but primary term is [' + cond.ifPrimaryTerm + ']' : 'ifSeqNo is set, but primary term is [0]');
  }
  if (cond.ifSeqNo !== undefined && type !== 'internal') problems.push('compare and write operations can not use versioning');
  if (cond.opType === 'create' && type !== 'internal' && !isDelete) {
    problems.push('create operations only support internal versioning. use index instead');
  }
  if (problems.length > 0) throw validationFailed(problems);
}

export function parseVersionType(value: string | undefined): VersionType | undefined {
  if (value === undefined) return undefined;
  if (value === 'internal' || value === 'external' || value === 'external_gte') return value;
  if (value === 'force') throw illegalArgument('version type [force] may no longer be used');
  throw illegalArgument(`No version type match [${value}]`);
}
