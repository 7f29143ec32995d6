import { createHash } from 'node:crypto';
import { dataNodes, RedisStore } from '../redis-client';
import { isNoScript, RedisBatch } from '../redis-batch';

/** ioredis defines the Buffer variant of every command at run time; its typings omit this one. */
interface BufferEvalsha {
  evalshaBuffer(sha: string, numKeys: number, ...keysAndArgs: Array<string | number>): Promise<unknown>;
}

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

  async run(redis: RedisStore, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      await this.load(redis);
      return redis.evalsha(this.sha, keys.length, ...keys, ...args);
    }
  }

  /**
   * Same, with bulk replies as Buffers: bodies pass through without a UTF-8 decode.
   * evalshaBuffer, not callBuffer('EVALSHA'): ioredis's auto-pipelining drops the command
   * name of `call`/`callBuffer` (the server then sees the SHA as the command).
   */
  async runBuffer(redis: RedisStore, keys: string[], args: Array<string | number>): Promise<unknown> {
    const client = redis as RedisStore & BufferEvalsha;
    try {
      return await client.evalshaBuffer(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      await this.load(redis);
      return client.evalshaBuffer(this.sha, keys.length, ...keys, ...args);
    }
  }

  /** Every key must share the first key's slot (one division's hash tag): it routes the script. */
  queue(batch: RedisBatch, keys: string[], args: Array<string | number>): void {
    batch.add(keys[0], (pipeline) => pipeline.evalsha(this.sha, keys.length, ...keys, ...args));
  }

  /** On every node: a cluster routes each run to the node of its keys. */
  async load(redis: RedisStore): Promise<void> {
    await Promise.all(dataNodes(redis).map((node) => node.script('LOAD', this.lua)));
  }
}
