import { parseTopicConfigs } from '../log/topic-config';
import { NODE_ID } from '../broker';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './handler';

/**
 * CreateTopics v3. numPartitions and replicationFactor of -1 mean the broker defaults; any
 * replication factor other than -1 or 1 is refused, since there is one broker. Configs are
 * applied (retention.ms, retention.bytes, segment.bytes, segment.ms, cleanup.policy=delete)
 * or refused with INVALID_CONFIG, never stored and ignored.
 */
export const handleCreateTopics: ApiHandler = (broker, req) => {
  const r = req.body;
  const topics = r.array((r) => {
    const t = { name: r.string(), partitions: r.int32(), replication: r.int16() };
    r.array((r) => [r.int32(), r.array((r) => r.int32())]); // manual assignments: one broker, nothing to place
    const configs = r.array((r): [string, string | null] => [r.string(), r.nullableString()]);
    return { ...t, configs };
  });
  r.int32(); // timeout
  const validateOnly = r.boolean();
  const results = topics.map((t) => {
    if (t.replication !== -1 && t.replication !== 1) {
      return { name: t.name, error: ErrorCode.INVALID_REPLICATION_FACTOR, message: `replication factor ${t.replication} > 1 brokers` };
    }
    const verdict = parseTopicConfigs(t.configs);
    if (verdict.errorCode !== ErrorCode.NONE) return { name: t.name, error: verdict.errorCode, message: 'message' in verdict ? verdict.message : null };
    if (validateOnly) return { name: t.name, error: broker.topics.get(t.name) ? ErrorCode.TOPIC_ALREADY_EXISTS : ErrorCode.NONE, message: null };
    const error = broker.topics.create(t.name, t.partitions, 'overrides' in verdict ? verdict.overrides : {});
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

/** CreatePartitions v1: grows a topic; manual assignments may only name this broker. */
export const handleCreatePartitions: ApiHandler = (broker, req) => {
  const r = req.body;
  const topics = r.array((r) => ({ name: r.string(), count: r.int32(), assignments: r.nullableArray((r) => r.array((r) => r.int32())) }));
  r.int32(); // timeout
  const validateOnly = r.boolean();
  const results = topics.map((t) => {
    if (t.assignments?.some((replicas) => replicas.some((id) => id !== NODE_ID))) {
      return { name: t.name, errorCode: ErrorCode.INVALID_REPLICA_ASSIGNMENT, message: `Unknown broker id in the assignment; the only broker is ${NODE_ID}` };
    }
    return { name: t.name, ...broker.topics.addPartitions(t.name, t.count, validateOnly) };
  });
  return new Writer().int32(0).array(results, (w, t) => w.string(t.name).int16(t.errorCode).string(t.message));
};

/** DeleteRecords v1: moves each partition's log start offset (-1 = to the high watermark). */
export const handleDeleteRecords: ApiHandler = (broker, req) => {
  const r = req.body;
  const topics = r.array((r) => ({ name: r.string(), partitions: r.array((r) => ({ partition: r.int32(), offset: r.int64() })) }));
  r.int32(); // timeout
  return new Writer().int32(0).array(topics, (w, t) =>
    w.string(t.name).array(t.partitions, (w, p) => {
      const log = broker.topics.partition(t.name, p.partition);
      const result = log ? log.deleteRecordsBefore(p.offset) : { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, lowWatermark: -1 };
      w.int32(p.partition).int64(result.lowWatermark).int16(result.errorCode);
    }),
  );
};
