import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { extractTraceContext, projectorGroupId } from '@app/kafka';
import { tracer } from '@app/observability';
import { publishDeadLetters } from './dead-letter.publisher';
import type { ProjectionStore } from './projection-store';
import { projectorMetrics } from './projector.metrics';
import { readBatch } from './read-batch';
import { StorePolicy } from './store-policy';

/** How long a stop waits for a consumer's start to settle before disconnecting it anyway. */
const STOP_WAITS_FOR_START_MS = 15_000;
/**
 * Largest slice of a fetched batch stored at once, by default above what one fetch brings
 * (kafkajs fetches at most 1 MiB per partition, about 1,700 events): a fetched batch is
 * stored whole, so a replay folds each athlete's events of the whole batch into one
 * document write and pays each store's round trips and the offset commit once per batch.
 * Slices of 500 made the catch-up bench 30-40 % slower (docs/benchmarks.md, "Catch-up");
 * live batches are a few events and are not affected.
 */
const DEFAULT_MAX_BATCH_EVENTS = 5000;

export interface ProjectorOptions {
  kafka: Kafka;
  producer: Producer;
  topic: string;
  store: ProjectionStore;
  policy: StorePolicy;
  logger: Logger;
  /** Largest slice of a fetched batch stored (and committed) at once (default DEFAULT_MAX_BATCH_EVENTS). */
  maxBatchEvents?: number;
  /** Partitions whose batches are stored at the same time (each partition stays in order). */
  partitionsConcurrently?: number;
}

/**
 * Consumes the events topic into one store. The offsets of a slice are committed only
 * after the store acknowledged it; until then the slice is retried (backoff, breaker) for
 * as long as it takes, heartbeating so the group keeps the partition. This is the
 * incident's fix: a store outage stops progress visibly instead of dropping writes.
 */
export class Projector {
  readonly groupId: string;
  private consumer: Consumer | null = null;
  private stopped = false;
  /** Settles when the latest consumer's connect, subscribe and run have (stop waits for it). */
  private starting: Promise<void> = Promise.resolve();
  /** Per partition, commit time of the oldest message held but not yet stored (freshness). */
  private readonly held = new Map<number, number>();

  constructor(private readonly options: ProjectorOptions) {
    this.groupId = projectorGroupId(options.topic, options.store.name);
  }

  get name() {
    return this.options.store.name;
  }

  /** Per partition, commit time of the oldest message this consumer holds unstored. */
  heldSince(): ReadonlyMap<number, number> {
    return this.held;
  }

  /** Starts consuming; a projector once stopped stays stopped (a late start is a no-op). */
  async start(): Promise<void> {
    await this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const consumer = this.consumer;
    this.consumer = null;
    // Never disconnect a consumer in the middle of `run()`: kafkajs's stop then finds no
    // running runner, and the runner, once joined, fetches and heartbeats on its own (a
    // group member nobody owns). Its start settles first (bounded: a start that hangs on
    // an unreachable broker is disconnected anyway).
    await Promise.race([this.starting, sleep(STOP_WAITS_FOR_START_MS, undefined, { ref: false })]);
    await consumer?.disconnect();
  }

  /** One consumer's life; a crash kafkajs does not restart starts the next unless stopped meanwhile. */
  private async run(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined); // a previous attempt that failed half-way
    if (this.stopped) return;
    const consumer = this.options.kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 250, sessionTimeout: 30_000 });
    this.consumer = consumer;
    // kafkajs restarts a crashed consumer only for retriable errors; anything else would
    // leave this projection silently stopped, so restart it here.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.consumer !== consumer) return;
      this.options.logger.error({ err: payload.error, projection: this.name }, 'consumer crashed; restarting the projector');
      setTimeout(() => {
        if (this.consumer === consumer && !this.stopped)
          void this.run().catch((error: unknown) => this.options.logger.error({ err: error }, 'projector restart failed'));
      }, 1000);
    });
    // A stop (or a restart) while this consumer is still joining must not leave it running:
    // after each step, one that is no longer the projector's consumer is disconnected
    // (stop waits for the steps to settle, see there).
    const steps = [
      () => consumer.connect(),
      () => consumer.subscribe({ topic: this.options.topic, fromBeginning: true }),
      () =>
        consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? 3,
          eachBatch: (payload) => this.handleBatch(payload),
        }),
    ];
    const started = (async () => {
      for (const step of steps) {
        await step();
        if (this.consumer !== consumer) return false;
      }
      return true;
    })();
    this.starting = started.then(
      () => undefined,
      () => undefined,
    );
    if (!(await started)) await consumer.disconnect().catch(() => undefined);
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const size = this.options.maxBatchEvents ?? DEFAULT_MAX_BATCH_EVENTS;
    try {
      for (let start = 0; start < batch.messages.length; start += size) {
        const slice = batch.messages.slice(start, start + size);
        const stored = await this.storeSlice(slice, payload);
        if (!stored) return; // stopping or rebalanced: the next owner re-reads from the last commit
        const last = slice[slice.length - 1].offset;
        payload.resolveOffset(last);
        await this.consumer?.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
      }
    } finally {
      this.held.delete(batch.partition);
    }
  }

  /** Stores one slice; returns false only when the consumer is stopping or lost the partition. */
  private async storeSlice(
    messages: KafkaMessage[],
    { heartbeat, isRunning, isStale, batch }: EachBatchPayload,
  ): Promise<boolean> {
    const { store, policy, producer, topic, logger } = this.options;
    const read = readBatch(messages, { partition: batch.partition, nextOffset: (BigInt(messages[messages.length - 1].offset) + 1n).toString() });
    if (read.oldestOccurredAt !== null) this.held.set(batch.partition, read.oldestOccurredAt);
    const spans = messages.map((m) => startMessageSpan(store.name, batch.topic, batch.partition, m));
    for (let attempt = 0; ; attempt++) {
      if (!isRunning() || isStale()) {
        spans.forEach((s) => s.finish());
        return false;
      }
      try {
        await publishDeadLetters(producer, topic, this.groupId, read.deadLetters);
        const written = projectorMetrics.storeWriteSeconds.startTimer({ projection: store.name });
        await policy.execute(() => store.apply(read));
        written();
        break;
      } catch (error) {
        projectorMetrics.storeFailures.inc({ projection: store.name });
        if (attempt % 20 === 0) {
          logger.warn(
            {
              err: error,
              projection: store.name,
              partition: batch.partition,
              firstOffset: messages[0].offset,
              attempt,
              breaker: policy.state(),
            },
            'batch not stored yet; holding offsets and retrying',
          );
        }
        await heartbeat().catch(() => undefined);
        await sleep(Math.min(1000, 50 * 2 ** Math.min(attempt, 5)));
      }
    }
    spans.forEach((s) => s.finish());
    projectorMetrics.eventsApplied.inc({ projection: store.name }, read.events.length);
    projectorMetrics.batchEvents.observe({ projection: store.name }, read.events.length);
    projectorMetrics.deadLettered.inc({ projection: store.name }, read.deadLetters.length);
    for (const skipped of read.ignored) projectorMetrics.eventsIgnored.inc({ projection: store.name, type: skipped.type });
    return true;
  }
}

/** A span per message, continuing the producer's trace carried in the headers. */
function startMessageSpan(projection: string, topic: string, partition: number, message: KafkaMessage) {
  const childOf = extractTraceContext(message.headers) ?? undefined;
  return tracer.startSpan('rankings.projection.apply', {
    childOf,
    tags: {
      'projection.name': projection,
      'messaging.destination': topic,
      'messaging.kafka.partition': partition,
      'messaging.kafka.offset': message.offset,
    },
  });
}
