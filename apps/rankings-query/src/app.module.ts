import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { ConfigModule } from '@app/config';
import { loggerModule, MetricsController } from '@app/observability';
import { HealthController } from './health/health.controller';
import { QueryRuntime } from './query-runtime';
import { DivisionsController } from './read-api/divisions.controller';
import { RankingsController } from './read-api/rankings.controller';
import { WaitForEvent } from './read-api/wait-for';
import { RuntimeStatusSources } from './status/status-sources';
import { STATUS_SOURCES, StatusController } from './status/status.controller';

@Module({})
export class AppModule {
  static forRuntime(runtime: QueryRuntime, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(runtime.config), loggerModule(logger)],
      controllers: [RankingsController, DivisionsController, HealthController, MetricsController, StatusController],
      providers: [
        { provide: QueryRuntime, useValue: runtime },
        WaitForEvent,
        { provide: STATUS_SOURCES, useFactory: (r: QueryRuntime) => new RuntimeStatusSources(r), inject: [QueryRuntime] },
      ],
    };
  }
}
