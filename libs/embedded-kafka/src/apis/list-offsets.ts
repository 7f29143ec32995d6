import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './handler';

const LATEST = -1;
const EARLIEST = -2;

/** ListOffsets v3: -1 latest (high watermark), -2 earliest, else the first batch at or after a time. */
export const handleListOffsets: ApiHandler = (broker, req) => {
  const r = req.body;
  r.int32(); // replica id
  r.int8(); // isolation level
  const topics = r.array((r) => ({ topic: r.string(), partitions: r.array((r) => ({ partition: r.int32(), timestamp: r.int64() })) }));
  const w = new Writer().int32(0);
  w.array(topics, (w, t) => {
    w.string(t.topic).array(t.partitions, (w, p) => {
      const log = broker.topics.partition(t.topic, p.partition);
      if (!log) {
        w.int32(p.partition).int16(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).int64(-1).int64(-1);
        return;
      }
      const found =
        p.timestamp === LATEST
          ? { offset: log.highWatermark, timestamp: -1 }
          : p.timestamp === EARLIEST
            ? { offset: log.logStartOffset, timestamp: -1 }
            : log.offsetForTimestamp(p.timestamp);
      w.int32(p.partition).int16(ErrorCode.NONE).int64(found.timestamp).int64(found.offset);
    });
  });
  return w;
};
