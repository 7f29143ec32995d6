import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './handler';

/** OffsetCommit v5: checked against member and generation, then stored exactly as sent. */
export const handleOffsetCommit: ApiHandler = (broker, req) => {
  const r = req.body;
  const groupId = r.string();
  const generationId = r.int32();
  const memberId = r.string();
  const topics = r.array((r) => ({
    topic: r.string(),
    partitions: r.array((r) => ({ partition: r.int32(), offset: r.int64(), metadata: r.nullableString() })),
  }));
  const entries = topics.flatMap((t) => t.partitions.filter((p) => broker.topics.partition(t.topic, p.partition)).map((p) => ({ topic: t.topic, ...p })));
  const error = broker.groups.commit(groupId, generationId, memberId, entries);
  const w = new Writer().int32(0);
  w.array(topics, (w, t) => {
    w.string(t.topic).array(t.partitions, (w, p) => {
      const known = broker.topics.partition(t.topic, p.partition) !== undefined;
      w.int32(p.partition).int16(known ? error : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    });
  });
  return w;
};

/** OffsetFetch v4: -1 with no error for partitions without a commit; null topics = everything committed. */
export const handleOffsetFetch: ApiHandler = (broker, req) => {
  const r = req.body;
  const groupId = r.string();
  const requested = r.nullableArray((r) => ({ topic: r.string(), partitions: r.array((r) => r.int32()) }));
  const topics =
    requested ?? [...broker.groups.offsets.all(groupId)].map(([topic, partitions]) => ({ topic, partitions: [...partitions.keys()] }));
  const w = new Writer().int32(0);
  w.array(topics, (w, t) => {
    w.string(t.topic).array(t.partitions, (w, partition) => {
      const committed = broker.groups.committed(groupId, t.topic, partition);
      w.int32(partition).int64(committed?.offset ?? -1).string(committed?.metadata ?? '').int16(ErrorCode.NONE);
    });
  });
  return w.int16(ErrorCode.NONE);
};
