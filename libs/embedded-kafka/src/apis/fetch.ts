import { Broker } from '../broker';
import { PartitionLog } from '../log/partition-log';
import { ErrorCode } from '../protocol/error-codes';
import { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './handler';

interface FetchPartition {
  partition: number;
  fetchOffset: number;
  maxBytes: number;
}

interface FetchRequest {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  topics: Array<{ topic: string; partitions: FetchPartition[] }>;
}

/** Kafka's replica.fetch.wait.max.ms is far below this; it only bounds a hostile maxWait. */
const MAX_WAIT_CAP_MS = 60_000;

function readFetchRequest(r: Reader): FetchRequest {
  r.int32(); // replica id: always -1 from a consumer
  const maxWaitMs = Math.min(Math.max(r.int32(), 0), MAX_WAIT_CAP_MS);
  const minBytes = r.int32();
  const maxBytes = r.int32();
  r.int8(); // isolation level: without transactions READ_COMMITTED == READ_UNCOMMITTED
  r.int32(); // session id and epoch: we answer every fetch in full (session id 0),
  r.int32(); // which the protocol allows and kafkajs never relies on
  const topics = r.array((r) => ({
    topic: r.string(),
    partitions: r.array((r) => {
      const partition = r.int32();
      r.int32(); // current leader epoch
      const fetchOffset = r.int64();
      r.int64(); // log start offset (a follower field)
      return { partition, fetchOffset, maxBytes: r.int32() };
    }),
  }));
  r.array((r) => [r.string(), r.array((r) => r.int32())]); // forgotten topics (sessions only)
  r.string(); // rack id
  return { maxWaitMs, minBytes, maxBytes, topics };
}

interface PartitionAnswer {
  partition: number;
  errorCode: number;
  log?: PartitionLog;
  batches: Buffer[];
}

/** Reads every requested partition now; `bytes` is what minBytes is compared with. */
function collect(broker: Broker, req: FetchRequest): { answers: Array<{ topic: string; partitions: PartitionAnswer[] }>; bytes: number } {
  let bytes = 0;
  const answers = req.topics.map(({ topic, partitions }) => ({
    topic,
    partitions: partitions.map((p): PartitionAnswer => {
      const log = broker.topics.partition(topic, p.partition);
      if (!log) return { partition: p.partition, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, batches: [] };
      if (p.fetchOffset < log.logStartOffset || p.fetchOffset > log.highWatermark) {
        return { partition: p.partition, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, log, batches: [] };
      }
      // The response-wide limit still lets the first batch through, like Kafka (KIP-74).
      const budget = bytes === 0 ? p.maxBytes : Math.min(p.maxBytes, req.maxBytes - bytes);
      if (budget <= 0) return { partition: p.partition, errorCode: ErrorCode.NONE, log, batches: [] };
      const read = log.read(p.fetchOffset, budget);
      bytes += read.bytes;
      return { partition: p.partition, errorCode: ErrorCode.NONE, log, batches: read.batches };
    }),
  }));
  return { answers, bytes };
}

function encode(answers: ReturnType<typeof collect>['answers']): Writer {
  const w = new Writer().int32(0).int16(ErrorCode.NONE).int32(0);
  w.array(answers, (w, t) => {
    w.string(t.topic).array(t.partitions, (w, p) => {
      const hw = p.log?.highWatermark ?? -1;
      w.int32(p.partition).int16(p.errorCode).int64(hw).int64(hw).int64(p.log?.logStartOffset ?? -1);
      w.array([], () => undefined).int32(-1); // no aborted transactions; no preferred read replica
      w.int32(p.batches.reduce((n, b) => n + b.length, 0));
      for (const b of p.batches) w.raw(b);
    });
  });
  return w;
}

/**
 * Fetch v11 with long-polling: answer at once when minBytes are there (or an error is),
 * else park until an append to one of the partitions or maxWait. Consumers therefore
 * sleep in the broker instead of spinning.
 */
export const handleFetch: ApiHandler = (broker, req) => {
  const request = readFetchRequest(req.body);
  const first = collect(broker, request);
  const hasError = first.answers.some((t) => t.partitions.some((p) => p.errorCode !== ErrorCode.NONE));
  if (first.bytes >= request.minBytes || request.maxWaitMs === 0 || hasError) return encode(first.answers);
  const logs = first.answers.flatMap((t) => t.partitions.map((p) => p.log)).filter((l): l is PartitionLog => l !== undefined);
  return new Promise<Writer>((resolve) => {
    const cancels: Array<() => void> = [];
    const finish = (): void => {
      clearTimeout(timer);
      for (const cancel of cancels) cancel();
      resolve(encode(collect(broker, request).answers));
    };
    // unref: a fetch parked when the broker closes must not keep the process alive.
    const timer = setTimeout(finish, request.maxWaitMs).unref();
    const onAppend = (closing: boolean): void => {
      if (closing || collect(broker, request).bytes >= request.minBytes) finish();
    };
    for (const log of logs) cancels.push(log.onAppend(onAppend));
  });
};
