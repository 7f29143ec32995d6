import { crc32c } from '@node-rs/crc32';

/**
 * RecordBatch v2 header layout (AK `DefaultRecordBatch.java`). The broker stores the
 * producer's bytes and only rewrites baseOffset and partitionLeaderEpoch, which sit
 * before the CRC'd region, so compressed batches are never decoded or re-encoded.
 */
export const BATCH = {
  BASE_OFFSET: 0,
  LENGTH: 8,
  LEADER_EPOCH: 12,
  MAGIC: 16,
  CRC: 17,
  ATTRIBUTES: 21,
  LAST_OFFSET_DELTA: 23,
  MAX_TIMESTAMP: 35,
  PRODUCER_ID: 43,
  PRODUCER_EPOCH: 51,
  BASE_SEQUENCE: 53,
  RECORD_COUNT: 57,
  HEADER_SIZE: 61,
  /** baseOffset + length: the part not counted by the length field. */
  LOG_OVERHEAD: 12,
} as const;

export interface BatchHeader {
  lastOffsetDelta: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
  transactional: boolean;
}

/** Why a batch is refused; the caller maps it to CORRUPT_MESSAGE or another Kafka error. */
export class InvalidBatchError extends Error {
  constructor(
    message: string,
    readonly kind: 'corrupt' | 'compression' | 'transactional' = 'corrupt',
  ) {
    super(message);
    this.name = 'InvalidBatchError';
  }
}

/** Reads the header fields the broker needs, without touching the records. */
export function readBatchHeader(batch: Buffer): BatchHeader {
  return {
    lastOffsetDelta: batch.readInt32BE(BATCH.LAST_OFFSET_DELTA),
    maxTimestamp: Number(batch.readBigInt64BE(BATCH.MAX_TIMESTAMP)),
    producerId: Number(batch.readBigInt64BE(BATCH.PRODUCER_ID)),
    producerEpoch: batch.readInt16BE(BATCH.PRODUCER_EPOCH),
    baseSequence: batch.readInt32BE(BATCH.BASE_SEQUENCE),
    recordCount: batch.readInt32BE(BATCH.RECORD_COUNT),
    transactional: (batch.readInt16BE(BATCH.ATTRIBUTES) & 0x10) !== 0,
  };
}

/** Structural check shared by produce validation and log recovery: size, magic and CRC32C. */
export function checkBatchIntegrity(batch: Buffer): string | null {
  if (batch.length < BATCH.HEADER_SIZE) return `batch of ${batch.length} bytes is shorter than its header`;
  const length = batch.readInt32BE(BATCH.LENGTH);
  if (length !== batch.length - BATCH.LOG_OVERHEAD) return `length field ${length} != ${batch.length - BATCH.LOG_OVERHEAD}`;
  const magic = batch.readInt8(BATCH.MAGIC);
  if (magic !== 2) return `magic ${magic} (only record batch v2 is supported)`;
  const crc = batch.readUInt32BE(BATCH.CRC);
  const actual = crc32c(batch.subarray(BATCH.ATTRIBUTES)) >>> 0;
  if (crc !== actual) return `crc32c mismatch (header ${crc}, computed ${actual})`;
  return null;
}

/**
 * Splits a Produce partition payload into batches and validates each as a real broker
 * does before assigning offsets. Throws InvalidBatchError; nothing is appended on error.
 */
export function splitAndValidateBatches(records: Buffer): Array<{ bytes: Buffer; header: BatchHeader }> {
  const out: Array<{ bytes: Buffer; header: BatchHeader }> = [];
  let pos = 0;
  while (pos < records.length) {
    if (records.length - pos < BATCH.LOG_OVERHEAD) throw new InvalidBatchError('trailing bytes after last batch');
    const size = records.readInt32BE(pos + BATCH.LENGTH) + BATCH.LOG_OVERHEAD;
    if (size < BATCH.HEADER_SIZE || pos + size > records.length) throw new InvalidBatchError(`batch length ${size} overruns the record set`);
    const bytes = records.subarray(pos, pos + size);
    const problem = checkBatchIntegrity(bytes);
    if (problem) throw new InvalidBatchError(problem);
    const header = readBatchHeader(bytes);
    if ((bytes.readInt16BE(BATCH.ATTRIBUTES) & 0x07) > 4) throw new InvalidBatchError('unknown compression codec', 'compression');
    if (header.transactional) throw new InvalidBatchError('transactions are not supported', 'transactional');
    if (header.recordCount < 1 || header.lastOffsetDelta !== header.recordCount - 1) {
      throw new InvalidBatchError(`lastOffsetDelta ${header.lastOffsetDelta} does not match ${header.recordCount} records`);
    }
    out.push({ bytes, header });
    pos += size;
  }
  if (out.length === 0) throw new InvalidBatchError('empty record set');
  return out;
}

/** Assigns the batch its place in the log; both fields are outside the CRC'd region. */
export function stampBatch(batch: Buffer, baseOffset: number, leaderEpoch: number): void {
  batch.writeBigInt64BE(BigInt(baseOffset), BATCH.BASE_OFFSET);
  batch.writeInt32BE(leaderEpoch, BATCH.LEADER_EPOCH);
}
