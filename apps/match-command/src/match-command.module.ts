import { DynamicModule, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ConfigModule, type LoadedConfig } from '@app/config';
import { HealthProbesModule, MetricsController } from '@app/observability';
import { CorrectResultController } from './correct-result/correct-result.controller';
import { CorrectResultHandler } from './correct-result/correct-result.handler';
import { CreateDivisionController } from './create-division/create-division.controller';
import { CreateDivisionHandler } from './create-division/create-division.handler';
import { commandHealthProbes } from './health/command-health';
import { ApiErrorFilter } from './http/api-error.filter';
import { Database } from './persistence/database';
import { OutboxWriter } from './persistence/outbox-writer';
import { RecordResultController } from './record-result/record-result.controller';
import { RecordResultBatcher } from './record-result/record-result.batcher';
import { RecordResultHandler } from './record-result/record-result.handler';
import { RegisterAthleteController } from './register-athlete/register-athlete.controller';
import { RegisterAthleteHandler } from './register-athlete/register-athlete.handler';
import { ScheduleMatchController } from './schedule-match/schedule-match.controller';
import { ScheduleMatchHandler } from './schedule-match/schedule-match.handler';
import { UpdateAthleteController } from './update-athlete/update-athlete.controller';
import { UpdateAthleteHandler } from './update-athlete/update-athlete.handler';

/** One feature per use-case folder: its controller dispatches a command through the CommandBus to its handler. */
@Module({})
export class MatchCommandModule implements OnApplicationShutdown {
  constructor(@Inject(Database) private readonly db: Database) {}

  static forRoot(config: LoadedConfig): DynamicModule {
    const database = Database.connect(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
    return {
      module: MatchCommandModule,
      imports: [
        ConfigModule.forRoot(config),
        CqrsModule.forRoot(),
        // The probes check the same pool the commands use (one Database for the process).
        HealthProbesModule.forRoot({ useFactory: () => commandHealthProbes(database) }),
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
        { provide: Database, useValue: database },
        OutboxWriter,
        CreateDivisionHandler,
        RegisterAthleteHandler,
        UpdateAthleteHandler,
        ScheduleMatchHandler,
        RecordResultBatcher,
        RecordResultHandler,
        CorrectResultHandler,
      ],
    };
  }

  /** Closes the pool, then logs the line on-call (and the launcher's Ctrl-C test) reads to know the shutdown hooks ran. */
  async onApplicationShutdown(signal?: string): Promise<void> {
    await this.db.close();
    new Logger('match-command').log(`match-command shut down (${signal ?? 'closed'})`);
  }
}
