import { CLUSTER_ID, NODE_ID } from '../broker';
import { isLegalTopicName } from '../log/topic-registry';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './handler';

/**
 * Metadata v6. The single broker leads every partition. An unknown topic is created here
 * when the client allows it, synchronously, so this very answer already carries a leader.
 */
export const handleMetadata: ApiHandler = (broker, req) => {
  const requested = req.body.nullableArray((r) => r.string());
  const allowAutoCreate = req.body.boolean();
  // kafkajs encodes "all topics" as null; an empty list from other clients means none.
  const names = requested ?? broker.topics.names();
  const w = new Writer().int32(0);
  w.array([{}], (w) => w.int32(NODE_ID).string(req.advertisedHost).int32(req.advertisedPort).string(null));
  w.string(CLUSTER_ID).int32(NODE_ID);
  w.array(names, (w, name) => {
    const topic = allowAutoCreate ? broker.topics.ensure(name) : broker.topics.get(name);
    const error = topic ? ErrorCode.NONE : isLegalTopicName(name) ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.INVALID_TOPIC_EXCEPTION;
    w.int16(error).string(name).boolean(false);
    w.array(topic?.partitions ?? [], (w, _log, index) => {
      w.int16(ErrorCode.NONE).int32(index).int32(NODE_ID).int32Array([NODE_ID]).int32Array([NODE_ID]).int32Array([]);
    });
  });
  return w;
};
