import { DynamicModule, Module } from '@nestjs/common';
import { loggerModule, MetricsController, type Logger } from '@app/observability';
import { HealthController, RELAY_STATUS, type RelayStatus } from './health/health.controller';

/** The relay's HTTP face: /health and /metrics only (the relay itself is not a Nest provider). */
@Module({})
export class RelayModule {
  static forRoot(status: RelayStatus, logger: Logger): DynamicModule {
    return {
      module: RelayModule,
      imports: [loggerModule(logger)],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: RELAY_STATUS, useValue: status }],
    };
  }
}
