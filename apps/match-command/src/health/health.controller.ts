import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckError, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Database } from '../persistence/database';

/** 200 while Postgres answers; 503 naming what is down otherwise. Unauthenticated. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly db: Database,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Whether the write API can record commands (Postgres answers)' })
  @ApiOkResponse({ description: 'Postgres answers' })
  @ApiServiceUnavailableResponse({ description: 'Postgres does not answer; the message says why' })
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.pingDatabase()]);
    } catch (error) {
      if (error instanceof ServiceUnavailableException || error instanceof HealthCheckError) {
        throw new ServiceUnavailableException(describeFailure(error));
      }
      throw error;
    }
  }

  private async pingDatabase() {
    const database = this.indicator.check('database');
    try {
      await this.db.ping(1000);
      return database.up();
    } catch (error) {
      return database.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** `database: <reason>` for each failed indicator, from terminus's error details. */
function describeFailure(error: ServiceUnavailableException | HealthCheckError): string {
  const response = error instanceof ServiceUnavailableException ? error.getResponse() : { error: error.causes };
  const failed = (response as { error?: Record<string, { message?: string }> }).error ?? {};
  const reasons = Object.entries(failed).map(([name, detail]) => `${name}: ${detail.message ?? 'down'}`);
  return reasons.length > 0 ? reasons.join('; ') : 'unhealthy';
}
