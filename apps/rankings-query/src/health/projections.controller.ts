import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ProjectionReport } from '../freshness/freshness.monitor';
import { ProjectionReportSchema } from '../openapi/read-api.schemas';
import { QueryRuntime } from '../query-runtime';

/** Projection freshness for people and the rankings page (CONTRACT §4). */
@ApiTags('operations')
@Controller()
export class ProjectionsController {
  constructor(private readonly runtime: QueryRuntime) {}

  @Get('projections')
  @ApiOkResponse({ type: [ProjectionReportSchema], description: 'One item per projector: status, last event / apply times, freshness lag, breaker state' })
  projections(): ProjectionReport[] {
    return this.runtime.monitors.map((m) => m.report());
  }
}
