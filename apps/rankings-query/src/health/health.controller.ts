import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CONFIG, type LoadedConfig } from '@app/config';
import type { ProjectionReport } from '@app/watermark';
import { ProjectionFreshness } from '../freshness/projection-freshness';

/** Projection freshness for humans and load balancers (CONTRACT §1, §4). */
@Controller()
export class HealthController {
  constructor(
    private readonly freshness: ProjectionFreshness,
    @Inject(CONFIG) private readonly config: LoadedConfig,
  ) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** A stale projection alone does not make the read API unready: old rankings beat none. */
  @Get('health/ready')
  ready() {
    return { status: 'ok' };
  }

  @Get('projections')
  projections(): ProjectionReport[] {
    return this.freshness.reports();
  }

  /** 503 names every projection past FRESHNESS_SLA_MS; stale data must be loud. */
  @Get('health')
  health(@Res({ passthrough: true }) reply: FastifyReply) {
    const sla = this.config.FRESHNESS_SLA_MS;
    const reports = this.projections();
    const late = this.freshness.late();
    if (late.length === 0) return { status: 'ok', projections: reports };
    void reply.status(503);
    const reasons = late.map((r) => `projection ${r.name} is ${r.freshnessLagMs} ms behind (SLA ${sla} ms, breaker ${r.breaker})`);
    return { statusCode: 503, error: 'Service Unavailable', message: reasons.join('; '), status: 'stale', projections: reports };
  }
}
