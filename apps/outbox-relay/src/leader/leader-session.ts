import type { BeforeApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import type { Logger } from '@app/observability';
import { sleep } from '../sleep';

/**
 * Per-division order with several relays: exactly one relay publishes at a time, chosen
 * with a Postgres session-level advisory lock (`pg_try_advisory_lock`).
 *
 * Why a leader and not ownership of key ranges: the outbox is one ordered table and the
 * leader reads it in id order with one index scan; splitting by division would need a
 * rebalancing protocol, and a single leader already publishes far past the target rate.
 * Why an advisory lock: it lives exactly as long as the database session, so a crashed or
 * partitioned leader loses it as soon as Postgres drops its session (no lease to tune,
 * no clock to trust), and standbys need nothing but Postgres.
 *
 * Fencing: the leader reads and marks rows on this same session. If the session is gone
 * the lock is gone too and those queries fail, so a deposed leader cannot mark anything;
 * it stops at the first error and what it may have sent meanwhile is only a duplicate.
 * Standbys keep a session open and retry every `retryMs` (500 ms) so fail-over is fast.
 */
export const RELAY_LEADER_LOCK_KEY = 727_002;

export class LeaderSession implements BeforeApplicationShutdown {
  private client: Client | null = null;
  private leading = false;
  private readonly lostListeners = new Set<(reason: string) => void>();

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
    private readonly retryMs = 500,
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  /** The leader's session; only valid while `isLeader`. */
  get db(): Client {
    if (!this.leading || !this.client) throw new Error('not the outbox relay leader');
    return this.client;
  }

  onLost(listener: (reason: string) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** Resolves once this instance holds the lock; false if `signal` aborted first. */
  async acquire(signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      try {
        const client = this.client ?? (await this.connect());
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
          RELAY_LEADER_LOCK_KEY,
        ]);
        if (rows[0]?.locked) {
          this.leading = true;
          this.logger.info({ lockKey: RELAY_LEADER_LOCK_KEY }, 'outbox relay is now the leader');
          return true;
        }
      } catch (error) {
        // Postgres unreachable: health reports it (its own probe); just try again.
        this.logger.debug({ err: error }, 'leader lock attempt failed');
        this.drop();
      }
      await sleep(this.retryMs, signal);
    }
    return false;
  }

  /** Gives up leadership after an error on the session: a fresh session is the only safe state. */
  abandon(reason: string): void {
    if (this.leading) this.logger.warn({ reason }, 'outbox relay lost leadership');
    const wasLeading = this.leading;
    this.drop();
    if (wasLeading) for (const listener of this.lostListeners) listener(reason);
  }

  /** After the loop stopped (its hook runs first): a standby takes over at once. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.release();
  }

  /** Releases the lock explicitly (a waiting standby takes over at once) and closes the session. */
  async release(): Promise<void> {
    const client = this.client;
    this.leading = false;
    this.client = null;
    if (!client) return;
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await client.end().catch(() => undefined);
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.databaseUrl,
      keepAlive: true,
      connectionTimeoutMillis: 3000,
      query_timeout: 15_000,
      application_name: 'outbox-relay',
    });
    // An error or end on the session means the lock may be gone: stop publishing now.
    client.on('error', (error) => this.sessionEnded(client, `session error: ${error.message}`));
    client.on('end', () => this.sessionEnded(client, 'session ended'));
    await client.connect();
    this.client = client;
    return client;
  }

  private sessionEnded(client: Client, reason: string): void {
    if (client === this.client) this.abandon(reason);
  }

  private drop(): void {
    const client = this.client;
    this.client = null;
    this.leading = false;
    if (client) void client.end().catch(() => undefined);
  }
}
