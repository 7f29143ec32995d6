import { ExponentialBackoff, type IBackoff, type IBackoffFactory } from 'cockatiel';
import type { OutboxRow } from '../outbox/outbox-row';
import { sleep } from '../sleep';

export interface RetryHooks {
  /** Called after every failed attempt, before the backoff wait. */
  onFailure(error: unknown, attempt: number, delayMs: number): void;
  onSuccess(): void;
}

/**
 * Publishes `rows` until Kafka acknowledges them, waiting between attempts with cockatiel's
 * exponential backoff with decorrelated jitter (100 ms doubling to 5 s): relays retrying
 * after the same broker blip do not hammer it in lock step, and recovery is noticed within
 * seconds. There is no attempt limit: giving up could only mean skipping events or
 * crashing; an outage is reported on /health instead. Resolves false if `signal` aborted
 * (shutdown, lost leadership) before an acknowledgement; the rows then stay unpublished.
 */
export function relayBackoff(): IBackoffFactory<unknown> {
  return new ExponentialBackoff({ initialDelay: 100, maxDelay: 5_000 });
}

export async function publishUntilAcknowledged(
  publish: (rows: OutboxRow[]) => Promise<void>,
  rows: OutboxRow[],
  signal: AbortSignal,
  hooks: RetryHooks,
  backoffFactory: IBackoffFactory<unknown> = relayBackoff(),
): Promise<boolean> {
  let backoff: IBackoff<unknown> | undefined;
  for (let attempt = 1; !signal.aborted; attempt++) {
    try {
      await publish(rows);
      hooks.onSuccess();
      return true;
    } catch (error) {
      backoff = backoff ? backoff.next(undefined) : backoffFactory.next(undefined);
      hooks.onFailure(error, attempt, backoff.duration);
      await sleep(backoff.duration, signal);
    }
  }
  return false;
}
