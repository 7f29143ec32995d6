import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { ConfigModule } from '@app/config';
import { HealthProbesModule, loggerModule, MetricsController } from '@app/observability';
import { ProjectionsController } from './health/projections.controller';
import { queryHealthProbes } from './health/query-health';
import { LeaderboardStreamController } from './leaderboard-stream/leaderboard-stream.controller';
import { leaderboardHubProvider } from './leaderboard-stream/leaderboard-stream.providers';
import { QueryRuntime } from './query-runtime';
import { RankingsPageController } from './rankings-page/rankings-page.controller';
import { DivisionsController } from './read-api/divisions.controller';
import { RankingsController } from './read-api/rankings.controller';
import { WaitForEvent } from './read-api/wait-for';

@Module({})
export class AppModule {
  static forRuntime(runtime: QueryRuntime, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(runtime.config),
        loggerModule(logger),
        HealthProbesModule.forRoot({ useFactory: () => queryHealthProbes(runtime) }),
      ],
      controllers: [RankingsController, DivisionsController, LeaderboardStreamController, ProjectionsController, MetricsController, RankingsPageController],
      providers: [{ provide: QueryRuntime, useValue: runtime }, WaitForEvent, leaderboardHubProvider(runtime, logger)],
    };
  }
}
