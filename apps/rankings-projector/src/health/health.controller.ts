import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CONFIG, type LoadedConfig } from '@app/config';
import type { ProjectionReport } from '@app/watermark';
import { ProjectionEngine } from '../projection-engine';

/** Liveness, readiness and projection freshness of the projector process (CONTRACT §1, §4). */
@Controller()
export class HealthController {
  constructor(
    private readonly engine: ProjectionEngine,
    @Inject(CONFIG) private readonly config: LoadedConfig,
  ) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** Ready once it consumes; a lagging projection is still ready (it is catching up). */
  @Get('health/ready')
  ready() {
    return { status: 'ok' };
  }

  @Get('projections')
  projections(): ProjectionReport[] {
    return this.engine.monitors.map((m) => m.report());
  }

  /** 503 names every projection past FRESHNESS_SLA_MS; stale data must be loud. */
  @Get('health')
  health(@Res({ passthrough: true }) reply: FastifyReply) {
    const sla = this.config.FRESHNESS_SLA_MS;
    const reports = this.projections();
    const late = this.engine.monitors.filter((m) => m.isPastSla()).map((m) => m.report());
    if (late.length === 0) return { status: 'ok', projections: reports };
    void reply.status(503);
    const reasons = late.map((r) => `projection ${r.name} is ${r.freshnessLagMs} ms behind (SLA ${sla} ms, breaker ${r.breaker})`);
    return { statusCode: 503, error: 'Service Unavailable', message: reasons.join('; '), status: 'stale', projections: reports };
  }
}
