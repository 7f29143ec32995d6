import { ConstantBackoff } from 'cockatiel';
import type { OutboxRow } from '../outbox/outbox-row';
import { publishUntilAcknowledged, relayBackoff } from './publish-until-acknowledged';

const rows = [{ id: '1' }] as OutboxRow[];

function hooks() {
  const failures: number[] = [];
  let successes = 0;
  return {
    failures,
    successes: () => successes,
    hooks: { onFailure: (_e: unknown, attempt: number) => failures.push(attempt), onSuccess: () => successes++ },
  };
}

describe('publishUntilAcknowledged', () => {
  it('retries a failing publish until it is acknowledged', async () => {
    let calls = 0;
    const publish = async () => {
      if (++calls < 4) throw new Error('broker down');
    };
    const h = hooks();
    const acked = await publishUntilAcknowledged(publish, rows, new AbortController().signal, h.hooks, new ConstantBackoff(1));
    expect(acked).toBe(true);
    expect(calls).toBe(4);
    expect(h.failures).toEqual([1, 2, 3]);
    expect(h.successes()).toBe(1);
  });

  it('gives up without acknowledging when aborted during the backoff', async () => {
    const abort = new AbortController();
    const publish = async () => {
      throw new Error('broker down');
    };
    setTimeout(() => abort.abort(), 30);
    const started = Date.now();
    const acked = await publishUntilAcknowledged(publish, rows, abort.signal, hooks().hooks, new ConstantBackoff(10_000));
    expect(acked).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('backs off with growing, jittered delays capped at 5 s', () => {
    const sequence = () => {
      const delays: number[] = [];
      let backoff = relayBackoff().next(undefined);
      for (let i = 0; i < 20; i++, backoff = backoff.next(undefined)) delays.push(backoff.duration);
      return delays;
    };
    const first = sequence();
    expect(first[0]).toBeLessThan(500);
    expect(Math.max(...first)).toBeLessThanOrEqual(5_000);
    expect(Math.max(...first.slice(10))).toBeGreaterThan(1_000);
    expect(sequence()).not.toEqual(first);
  });
});
