import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleAll,
  IPolicy,
  circuitBreaker,
  retry,
  wrap,
} from 'cockatiel';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface StorePolicyOptions {
  /** How long the breaker stays open before letting one probe through. */
  halfOpenAfterMs: number;
  /** Consecutive failed attempts that open the breaker. */
  failuresToOpen: number;
}

export interface StorePolicy {
  execute<T>(fn: () => Promise<T>): Promise<T>;
  state(): BreakerState;
  onStateChange(listener: (state: BreakerState) => void): void;
}

/**
 * Retry with exponential backoff inside a circuit breaker. While open, calls fail at once
 * (BrokenCircuitError) and the projector holds its batch; after `halfOpenAfterMs` one
 * call probes, and a success closes the breaker again. Nothing here ever drops a write:
 * the caller keeps the batch until the store acknowledges it.
 */
export function createStorePolicy({ halfOpenAfterMs, failuresToOpen }: StorePolicyOptions): StorePolicy {
  const breaker = circuitBreaker(handleAll, { halfOpenAfter: halfOpenAfterMs, breaker: new ConsecutiveBreaker(failuresToOpen) });
  const retrying = retry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 500 }) });
  const policy: IPolicy = wrap(retrying, breaker);
  const listeners: Array<(state: BreakerState) => void> = [];
  breaker.onStateChange((s) => listeners.forEach((l) => l(toBreakerState(s))));
  return {
    execute: (fn) => policy.execute(fn),
    state: () => toBreakerState(breaker.state),
    onStateChange: (listener) => listeners.push(listener),
  };
}

export function isBrokenCircuit(error: unknown): boolean {
  return error instanceof BrokenCircuitError;
}

function toBreakerState(state: CircuitState): BreakerState {
  if (state === CircuitState.Closed) return 'closed';
  if (state === CircuitState.HalfOpen) return 'half-open';
  return 'open';
}
