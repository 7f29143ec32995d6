import { crc32c } from '@node-rs/crc32';

function varint(value: number): Buffer {
  let v = ((value << 1) ^ (value >> 31)) >>> 0; // zigzag
  const out: number[] = [];
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Buffer.from(out);
}

/** One uncompressed record: attributes, timestamp delta, offset delta, null key, value, no headers. */
function record(offsetDelta: number, value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from([0]), varint(0), varint(offsetDelta), varint(-1), varint(value.length), value, varint(0)]);
  return Buffer.concat([varint(body.length), body]);
}

export interface BatchSpec {
  values: string[];
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
}

/** A valid RecordBatch v2 as a producer would send it (baseOffset 0), for raw-protocol tests. */
export function buildRecordBatch(spec: BatchSpec): Buffer {
  const records = Buffer.concat(spec.values.map((v, i) => record(i, Buffer.from(v))));
  const header = Buffer.alloc(61);
  const now = BigInt(Date.now());
  header.writeBigInt64BE(0n, 0);
  header.writeInt32BE(61 - 12 + records.length, 8);
  header.writeInt32BE(-1, 12);
  header.writeInt8(2, 16);
  header.writeInt16BE(0, 21);
  header.writeInt32BE(spec.values.length - 1, 23);
  header.writeBigInt64BE(now, 27);
  header.writeBigInt64BE(now, 35);
  header.writeBigInt64BE(BigInt(spec.producerId ?? -1), 43);
  header.writeInt16BE(spec.producerEpoch ?? -1, 51);
  header.writeInt32BE(spec.baseSequence ?? -1, 53);
  header.writeInt32BE(spec.values.length, 57);
  const batch = Buffer.concat([header, records]);
  batch.writeUInt32BE(crc32c(batch.subarray(21)) >>> 0, 17);
  return batch;
}
