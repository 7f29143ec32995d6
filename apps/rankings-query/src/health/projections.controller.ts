import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ProjectionReport } from '@app/watermark';
import { ProjectionFreshness } from '../freshness/projection-freshness';
import { ProjectionReportSchema } from '../openapi/read-api.schemas';

/** Projection freshness for people and the rankings page (CONTRACT §4). */
@ApiTags('operations')
@Controller()
export class ProjectionsController {
  constructor(private readonly freshness: ProjectionFreshness) {}

  @Get('projections')
  @ApiOkResponse({ type: [ProjectionReportSchema], description: 'One item per projector: status, last event / apply times, freshness lag, breaker state' })
  projections(): ProjectionReport[] {
    return this.freshness.reports();
  }
}
