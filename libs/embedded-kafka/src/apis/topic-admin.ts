import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './handler';

/**
 * CreateTopics v3. numPartitions and replicationFactor of -1 mean the broker defaults;
 * any replication factor other than -1 or 1 is refused, since there is one broker.
 */
export const handleCreateTopics: ApiHandler = (broker, req) => {
  const r = req.body;
  const topics = r.array((r) => {
    const t = { name: r.string(), partitions: r.int32(), replication: r.int16() };
    r.array((r) => [r.int32(), r.array((r) => r.int32())]); // manual assignments: one broker, nothing to place
    r.array((r) => [r.string(), r.nullableString()]); // configs: accepted, not applied (no retention/compaction)
    return t;
  });
  r.int32(); // timeout
  const validateOnly = r.boolean();
  const results = topics.map((t) => {
    if (t.replication !== -1 && t.replication !== 1) {
      return { name: t.name, error: ErrorCode.INVALID_REPLICATION_FACTOR, message: `replication factor ${t.replication} > 1 brokers` };
    }
    if (validateOnly) return { name: t.name, error: broker.topics.get(t.name) ? ErrorCode.TOPIC_ALREADY_EXISTS : ErrorCode.NONE, message: null };
    const error = broker.topics.create(t.name, t.partitions);
    return { name: t.name, error, message: error === ErrorCode.NONE ? null : `cannot create topic ${t.name}` };
  });
  return new Writer().int32(0).array(results, (w, t) => w.string(t.name).int16(t.error).string(t.message));
};

/** DeleteTopics v1: also drops the topic's committed offsets. */
export const handleDeleteTopics: ApiHandler = (broker, req) => {
  const names = req.body.array((r) => r.string());
  req.body.int32(); // timeout
  return new Writer().int32(0).array(names, (w, name) => w.string(name).int16(broker.deleteTopic(name)));
};
