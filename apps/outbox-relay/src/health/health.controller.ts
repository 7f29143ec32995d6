import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { HealthReport } from './relay-health';

export const RELAY_STATUS = Symbol('RELAY_STATUS');

export interface RelayStatus {
  report(): HealthReport & { role: 'leader' | 'standby' };
}

/** CONTRACT §1: 200 when the relay can do its job, 503 with the reasons when not. */
@Controller()
export class HealthController {
  constructor(@Inject(RELAY_STATUS) private readonly status: RelayStatus) {}

  @Get('health')
  health(@Res({ passthrough: true }) reply: { status(code: number): unknown }): HealthReport & { role: string } {
    const report = this.status.report();
    if (report.status !== 'ok') reply.status(503);
    return report;
  }
}
