import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigModule, type LoadedConfig } from '@app/config';
import { dataSourceOptions } from '@app/database';
import { createLogger, HealthProbesModule, loggerModule, MetricsController } from '@app/observability';
import { CorrectResultController } from './correct-result/correct-result.controller';
import { CorrectResultHandler } from './correct-result/correct-result.handler';
import { CreateDivisionController } from './create-division/create-division.controller';
import { CreateDivisionHandler } from './create-division/create-division.handler';
import { commandHealthProbes } from './health/command-health';
import { ApiErrorFilter } from './http/api-error.filter';
import { CommandResultInterceptor } from './http/write-command';
import { WriteScopeGuard } from './http/write-scope.guard';
import { OutboxWriter } from './outbox/outbox-writer';
import { RecordResultController } from './record-result/record-result.controller';
import { RecordResultHandler } from './record-result/record-result.handler';
import { RegisterAthleteController } from './register-athlete/register-athlete.controller';
import { RegisterAthleteHandler } from './register-athlete/register-athlete.handler';
import { ScheduleMatchController } from './schedule-match/schedule-match.controller';
import { ScheduleMatchHandler } from './schedule-match/schedule-match.handler';
import { UpdateAthleteController } from './update-athlete/update-athlete.controller';
import { UpdateAthleteHandler } from './update-athlete/update-athlete.handler';

@Module({})
export class MatchCommandModule {
  static forRoot(config: LoadedConfig): DynamicModule {
    const database = dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
    return {
      module: MatchCommandModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule(createLogger('match-command', config.LOG_LEVEL)),
        TypeOrmModule.forRoot({
          ...database,
          extra: { ...(database.extra as object), application_name: 'match-command' },
          // main.ts has already created and migrated the database; failing fast beats
          // nine silent retries when Postgres is unreachable.
          retryAttempts: 1,
          retryDelay: 1000,
        }),
        HealthProbesModule.forRoot({ inject: [DataSource], useFactory: commandHealthProbes }),
      ],
      controllers: [
        CreateDivisionController,
        RegisterAthleteController,
        UpdateAthleteController,
        ScheduleMatchController,
        RecordResultController,
        CorrectResultController,
        MetricsController,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ApiErrorFilter },
        OutboxWriter,
        WriteScopeGuard,
        CommandResultInterceptor,
        CreateDivisionHandler,
        RegisterAthleteHandler,
        UpdateAthleteHandler,
        ScheduleMatchHandler,
        RecordResultHandler,
        CorrectResultHandler,
      ],
    };
  }
}
