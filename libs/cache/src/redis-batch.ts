import type { ChainableCommander, Cluster } from 'ioredis';
import { isCluster, RedisStore, slotOf } from './redis-client';

type Queue = (pipeline: ChainableCommander) => void;

/** A script the batch runs by SHA: loaded again on every node when Redis has forgotten it. */
export interface ReloadableScript {
  load(redis: RedisStore): Promise<void>;
}

interface Queued {
  /** The key whose slot the command runs in; null: no key (PUBLISH), runs beside the previous command. */
  key: string | null;
  queue: Queue;
  stage: number;
}

/**
 * Commands for one round trip, each with the key that routes it. On one node they go out
 * as one pipeline, in order. On a cluster a pipeline may only hold keys of one node, so the
 * batch is split by node and the parts run in parallel; `barrier()` keeps an order that
 * matters across nodes (a watermark after the data it describes) by running what follows
 * it only after everything before it has been stored.
 */
export class RedisBatch {
  readonly commands: Queued[] = [];
  private stage = 0;

  add(key: string | null, queue: Queue): this {
    this.commands.push({ key, queue, stage: this.stage });
    return this;
  }

  barrier(): this {
    this.stage++;
    return this;
  }
}

/**
 * Runs a batch built by `build` and returns its replies in the order queued, throwing the
 * first command error (with the command's position). When a script was unknown to Redis
 * (a node restarted, or a cluster node never saw it), loads `scripts` and runs the batch
 * once more: the writes it carries are idempotent.
 */
export async function execBatch(redis: RedisStore, scripts: ReloadableScript[], build: (batch: RedisBatch) => void): Promise<unknown[]> {
  for (let attempt = 0; ; attempt++) {
    const batch = new RedisBatch();
    build(batch);
    const replies = isCluster(redis) ? await runByNode(redis, batch) : await runPipeline(redis, batch.commands);
    const failed = replies.findIndex(([error]) => error);
    if (failed < 0) return replies.map(([, value]) => value);
    const error = replies[failed][0] as Error;
    if (attempt === 0 && isNoScript(error)) {
      await Promise.all(scripts.map((s) => s.load(redis)));
      continue;
    }
    throw new Error(`Redis pipeline command ${failed + 1}/${replies.length} failed: ${error.message}`, { cause: error });
  }
}

type Reply = [Error | null, unknown];

async function runPipeline(redis: RedisStore, commands: Queued[]): Promise<Reply[]> {
  if (commands.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const c of commands) c.queue(pipeline);
  return ((await pipeline.exec()) ?? []) as Reply[];
}

/** Stage by stage; within a stage one pipeline per node, in parallel. */
async function runByNode(redis: Cluster, batch: RedisBatch): Promise<Reply[]> {
  const replies: Reply[] = new Array<Reply>(batch.commands.length);
  const stages = new Map<number, Map<string, number[]>>();
  let previousGroup = 'none';
  batch.commands.forEach((c, i) => {
    const groups = stages.get(c.stage) ?? new Map<string, number[]>();
    stages.set(c.stage, groups);
    const group = c.key === null ? previousGroup : nodeGroup(redis, c.key);
    previousGroup = group;
    groups.set(group, [...(groups.get(group) ?? []), i]);
  });
  for (const stage of [...stages.keys()].sort((a, b) => a - b)) {
    const groups = [...stages.get(stage)!.values()];
    await Promise.all(
      groups.map(async (indexes) => {
        const out = await runPipeline(
          redis,
          indexes.map((i) => batch.commands[i]),
        );
        indexes.forEach((at, j) => (replies[at] = out[j]));
      }),
    );
    if (replies.some((r) => r?.[0])) break; // a failed stage: what follows it must not run
  }
  return replies.map((r) => r ?? [null, null]);
}

/** Commands whose slots one node serves may share a pipeline; before the slot map is known, one slot. */
function nodeGroup(redis: { slots: string[][] }, key: string): string {
  const slot = slotOf(key);
  return redis.slots[slot]?.[0] ?? `slot:${slot}`;
}

export function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}
