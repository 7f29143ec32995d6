import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { HealthCheck } from './health-check';
import { HEALTH_PROBES, type HealthProbes } from './health-probes';

interface StatusReply {
  status(code: number): unknown;
}

const BODY = 'terminus shape: { status: "ok" | "error", info, error, details }, one entry per check';

/**
 * `/health/live`, `/health/ready` and `/health` with one body shape on every service:
 * terminus's result, where each failing check carries its reason in `message`. Failures
 * answer 503 with that same body (not the error shape), so monitors parse one format.
 */
@ApiTags('operations')
@Controller('health')
export class HealthProbesController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(HEALTH_PROBES) private readonly probes: HealthProbes,
  ) {}

  @Get('live')
  @ApiOkResponse({ description: `The process works. ${BODY}` })
  live(@Res({ passthrough: true }) reply: StatusReply): Promise<HealthCheckResult> {
    return this.run(this.probes.live, reply);
  }

  @Get('ready')
  @ApiOkResponse({ description: `It can do its job. ${BODY}` })
  @ApiServiceUnavailableResponse({ description: `It cannot; each check that is down says why. ${BODY}` })
  ready(@Res({ passthrough: true }) reply: StatusReply): Promise<HealthCheckResult> {
    return this.run(this.probes.ready, reply);
  }

  @Get()
  @ApiOkResponse({ description: `Nothing is wrong. ${BODY}` })
  @ApiServiceUnavailableResponse({ description: `Something is wrong (e.g. a projection past FRESHNESS_SLA_MS). ${BODY}` })
  overall(@Res({ passthrough: true }) reply: StatusReply): Promise<HealthCheckResult> {
    return this.run(this.probes.overall, reply);
  }

  private async run(checks: HealthCheck[], reply: StatusReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check(checks);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      reply.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }
}
