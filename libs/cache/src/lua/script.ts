import { createHash } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';

/**
 * A Lua script sent by its SHA1 (EVALSHA), never as text on the hot path. Redis forgets
 * scripts on restart or SCRIPT FLUSH; a NOSCRIPT answer loads it once and retries.
 */
export class LuaScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    readonly lua: string,
  ) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(redis: Redis, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      await this.load(redis);
      return redis.evalsha(this.sha, keys.length, ...keys, ...args);
    }
  }

  /** Same, with bulk replies as Buffers: bodies pass through without a UTF-8 decode. */
  async runBuffer(redis: Redis, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await redis.callBuffer('EVALSHA', this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      await this.load(redis);
      return redis.callBuffer('EVALSHA', this.sha, keys.length, ...keys, ...args);
    }
  }

  queue(pipeline: ChainableCommander, keys: string[], args: Array<string | number>): void {
    pipeline.evalsha(this.sha, keys.length, ...keys, ...args);
  }

  async load(redis: Redis): Promise<void> {
    await redis.script('LOAD', this.lua);
  }
}

export function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/**
 * Runs a pipeline built by `build` and returns its replies, throwing the first command
 * error (with the command's position). When a script was unknown to Redis, loads
 * `scripts` and runs the pipeline once more: the writes it carries are idempotent.
 */
export async function execPipeline(
  redis: Redis,
  scripts: LuaScript[],
  build: (pipeline: ChainableCommander) => void,
): Promise<unknown[]> {
  for (let attempt = 0; ; attempt++) {
    const pipeline = redis.pipeline();
    build(pipeline);
    const replies = (await pipeline.exec()) ?? [];
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
