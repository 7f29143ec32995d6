/**
 * A place in the outbox log: rows are ordered by the writing transaction's id, then by
 * row id. Both kept as text (xid8 and bigint exceed 2^53) and compared as bigints.
 */
export interface LogPosition {
  txid: string;
  id: string;
}

export const LOG_START: LogPosition = { txid: '0', id: '0' };

export function comparePositions(a: LogPosition, b: LogPosition): number {
  const byTx = BigInt(a.txid) - BigInt(b.txid);
  if (byTx !== 0n) return byTx < 0n ? -1 : 1;
  const byId = BigInt(a.id) - BigInt(b.id);
  return byId === 0n ? 0 : byId < 0n ? -1 : 1;
}

export function laterOf(a: LogPosition, b: LogPosition): LogPosition {
  return comparePositions(a, b) >= 0 ? a : b;
}
