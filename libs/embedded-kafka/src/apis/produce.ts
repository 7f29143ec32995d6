import { ErrorCode } from '../protocol/error-codes';
import { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './handler';

interface PartitionResult {
  partition: number;
  errorCode: number;
  baseOffset: number;
}

const readTopicData = (r: Reader) => ({
  topic: r.string(),
  partitions: r.array((r) => ({ partition: r.int32(), records: r.nullableBytes() })),
});

/**
 * Produce v7. Batches are validated and appended as sent (offsets stamped into the
 * header). Topics are auto-created like Kafka's auto.create.topics.enable. With one
 * replica, acks=-1 and acks=1 are the same; acks=0 gets no response at all.
 */
export const handleProduce: ApiHandler = (broker, req) => {
  const r = req.body;
  const transactionalId = r.nullableString();
  const acks = r.int16();
  r.int32(); // timeout: appends are synchronous, nothing to wait for
  const topics = r.array(readTopicData);
  const results = topics.map(({ topic, partitions }) => {
    const known = transactionalId === null && (acks === 0 || acks === 1 || acks === -1) ? broker.topics.ensure(topic) : undefined;
    const perPartition = partitions.map(({ partition, records }): PartitionResult => {
      if (transactionalId !== null) return { partition, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, baseOffset: -1 };
      if (acks !== 0 && acks !== 1 && acks !== -1) return { partition, errorCode: ErrorCode.INVALID_REQUIRED_ACKS, baseOffset: -1 };
      const log = known?.partitions[partition];
      if (!log) return { partition, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, baseOffset: -1 };
      if (!records || records.length === 0) return { partition, errorCode: ErrorCode.CORRUPT_MESSAGE, baseOffset: -1 };
      return { partition, ...log.append(records) };
    });
    return { topic, perPartition };
  });
  if (acks === 0) return null;
  const w = new Writer();
  w.array(results, (w, t) => {
    w.string(t.topic).array(t.perPartition, (w, p) => {
      w.int32(p.partition).int16(p.errorCode).int64(p.baseOffset).int64(-1).int64(0);
    });
  });
  return w.int32(0);
};
