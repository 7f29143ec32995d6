import { Controller, Get } from '@nestjs/common';
import type { ProjectionReport } from '@app/watermark';
import { ProjectionEngine } from '../projection-engine';

/** Each projection's status, freshness and breaker, as this process measures them (CONTRACT §4). */
@Controller()
export class ProjectionsController {
  constructor(private readonly engine: ProjectionEngine) {}

  @Get('projections')
  projections(): ProjectionReport[] {
    return this.engine.monitors.map((m) => m.report());
  }
}
