import type { HealthIndicatorFunction, HealthIndicatorResult } from '@nestjs/terminus';

export type HealthCheck = HealthIndicatorFunction;

/**
 * A named check in terminus's result shape. `run` resolves with details to show (or
 * nothing) when the dependency is fine and throws when it is not; a check that takes longer
 * than `timeoutMs` is down too, so a hung dependency cannot hang the probe that reports it.
 */
export function healthCheck(key: string, run: () => Promise<Record<string, unknown> | void>, timeoutMs = 1000): HealthCheck {
  return async (): Promise<HealthIndicatorResult> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const details = (await Promise.race([run(), timeout])) ?? {};
      return { [key]: { ...details, status: 'up' } };
    } catch (error) {
      return { [key]: { status: 'down', message: error instanceof Error ? error.message : String(error) } };
    } finally {
      clearTimeout(timer);
    }
  };
}
