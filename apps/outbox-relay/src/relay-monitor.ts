import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Pool } from 'pg';
import type { RelayHealth } from './health/relay-health';
import type { LeaderSession } from './leader/leader-session';
import type { RelayMetrics } from './metrics/relay-metrics';
import { readOutboxBacklog } from '@app/database';
import { probeBrokers } from './publisher/broker-probe';
import type { RelayLoop } from './relay-loop';
import type { WatermarkReporter } from './watermark/watermark-reporter';

export interface RelayMonitorDeps {
  pool: Pool;
  brokers: string[];
  health: RelayHealth;
  metrics: RelayMetrics;
  leader: LeaderSession;
  loop: RelayLoop;
  watermark: WatermarkReporter;
}

/**
 * Once a second: refresh the backlog gauges (which doubles as the Postgres probe, on a
 * pool that reconnects by itself), probe the brokers, and beat the source-watermark
 * heartbeat if this instance leads and everything is healthy. Ticks never overlap.
 */
export class RelayMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;

  constructor(
    private readonly deps: RelayMonitorDeps,
    private readonly intervalMs = 1_000,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(): void {
    const tick = () => {
      this.ticking = this.tick().finally(() => {
        this.ticking = null;
        if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking;
  }

  async tick(): Promise<void> {
    const { health, metrics, leader, watermark } = this.deps;
    await Promise.all([this.checkPostgres(), this.checkBrokers()]);
    metrics.degraded.set(health.isHealthy() ? 0 : 1);
    metrics.leader.set(leader.isLeader ? 1 : 0);
    if (leader.isLeader && health.isHealthy()) watermark.heartbeat();
  }

  private async checkPostgres(): Promise<void> {
    try {
      const backlog = await readOutboxBacklog(this.deps.pool);
      this.deps.metrics.backlog.set(backlog.events);
      this.deps.metrics.oldestAge.set(backlog.oldestAgeSeconds);
      this.deps.health.healthy('postgres');
    } catch (error) {
      this.deps.health.degraded('postgres', `unreachable (${(error as Error).message})`);
    }
  }

  /** While publishes are failing their outcome is the verdict; the probe only catches idle outages. */
  private async checkBrokers(): Promise<void> {
    const probe = await probeBrokers(this.deps.brokers);
    if (!probe.ok) this.deps.health.degraded('kafka', probe.reason ?? 'broker unreachable');
    else if (!this.deps.loop.publishFailing) this.deps.health.healthy('kafka');
  }
}
