import type { Logger } from '@app/observability';

export type Component = 'postgres' | 'kafka';

export interface HealthReport {
  status: 'ok' | 'degraded';
  /** One reason per failing component, e.g. "kafka: broker unreachable (connect ECONNREFUSED)". */
  reasons: string[];
}

/**
 * The relay's health, one entry per dependency. It logs on state changes only (healthy →
 * degraded, degraded → recovered, with how long it lasted), never per retry: during a
 * broker outage the log shows two lines, not thousands.
 */
export class RelayHealth {
  private readonly problems = new Map<Component, { reason: string; since: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  degraded(component: Component, reason: string): void {
    if (this.problems.has(component)) return;
    this.problems.set(component, { reason, since: this.now() });
    this.logger.warn({ component, reason }, `outbox relay degraded: ${component} ${reason}`);
  }

  healthy(component: Component): void {
    const problem = this.problems.get(component);
    if (!problem) return;
    this.problems.delete(component);
    const downMs = this.now() - problem.since;
    this.logger.info({ component, downMs }, `outbox relay recovered: ${component} is reachable again after ${downMs} ms`);
  }

  /** Why the component is failing, or null while it is fine. */
  problem(component: Component): string | null {
    return this.problems.get(component)?.reason ?? null;
  }

  isHealthy(component?: Component): boolean {
    return component ? !this.problems.has(component) : this.problems.size === 0;
  }

  report(): HealthReport {
    const reasons = [...this.problems].map(([component, p]) => `${component}: ${p.reason}`);
    return { status: reasons.length ? 'degraded' : 'ok', reasons };
  }
}
