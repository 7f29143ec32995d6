import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { FreshnessMonitor, ProjectionReport } from '@app/watermark';

export const PROJECTION_MONITORS = Symbol('PROJECTION_MONITORS');

/** The monitors' lifecycle and their reports, for /projections and /health. */
@Injectable()
export class ProjectionFreshness implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(PROJECTION_MONITORS) private readonly monitors: FreshnessMonitor[]) {}

  onApplicationBootstrap(): void {
    this.monitors.forEach((m) => m.start());
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.monitors.map((m) => m.stop()));
    await Promise.all(this.monitors.map((m) => m.closeSources()));
  }

  reports(): ProjectionReport[] {
    return this.monitors.map((m) => m.report());
  }

  late(): ProjectionReport[] {
    return this.monitors.filter((m) => m.isPastSla()).map((m) => m.report());
  }
}
