import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ProjectionReport } from '../freshness/freshness.monitor';
import { QueryRuntime } from '../query-runtime';

/** Projection freshness for humans and load balancers (CONTRACT §4). */
@Controller()
export class HealthController {
  constructor(private readonly runtime: QueryRuntime) {}

  @Get('projections')
  projections(): ProjectionReport[] {
    return this.runtime.monitors.map((m) => m.report());
  }

  /** 503 names every projection past FRESHNESS_SLA_MS; stale data must be loud. */
  @Get('health')
  health(@Res({ passthrough: true }) reply: FastifyReply) {
    const sla = this.runtime.config.FRESHNESS_SLA_MS;
    const reports = this.projections();
    const late = this.runtime.monitors.filter((m) => m.isPastSla()).map((m) => m.report());
    if (late.length === 0) return { status: 'ok', projections: reports };
    void reply.status(503);
    const reasons = late.map((r) => `projection ${r.name} is ${r.freshnessLagMs} ms behind (SLA ${sla} ms, breaker ${r.breaker})`);
    return { statusCode: 503, error: 'Service Unavailable', message: reasons.join('; '), status: 'stale', projections: reports };
  }
}
