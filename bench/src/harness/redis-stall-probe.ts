import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { LatencySummary, summarizeLatencies } from '../report/percentiles';

/** One PING every this many milliseconds, on a connection of its own. */
const INTERVAL_MS = 5;

/**
 * What a reader waits for in Redis while something else writes: one PING at a time on a
 * connection of its own, timed from send to reply. Redis runs one command or script at a
 * time, so a PING that arrives during a long apply script waits for the script to finish;
 * the PING's own work is nothing, so its latency is the stall a page read would see.
 */
export class RedisStallProbe {
  private readonly redis: Redis;
  private readonly samples: number[] = [];
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(url: string) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2 });
  }

  start(): void {
    this.running = this.loop();
  }

  /** Stops, closes the connection and summarizes the round trips measured (null: none). */
  async stop(): Promise<LatencySummary | null> {
    this.stopping = true;
    await this.running;
    await this.redis.quit().catch(() => undefined);
    return summarizeLatencies(this.samples);
  }

  /** Measures for `ms` milliseconds and stops. */
  static async measure(url: string, ms: number): Promise<LatencySummary | null> {
    const probe = new RedisStallProbe(url);
    probe.start();
    await sleep(ms);
    return probe.stop();
  }

  private async loop(): Promise<void> {
    await this.redis.ping(); // connected before the first measured round trip
    while (!this.stopping) {
      const sent = performance.now();
      await this.redis.ping();
      this.samples.push(performance.now() - sent);
      await sleep(INTERVAL_MS);
    }
  }
}
