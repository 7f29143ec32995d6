import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { ConfigModule, type LoadedConfig } from '@app/config';
import { loggerModule, MetricsController } from '@app/observability';
import { HealthController } from './health/health.controller';
import { DEFAULT_TUNING, EngineTuning, ProjectionEngine } from './projection-engine';
import { KafkaBatchTransport } from './transport/kafka-batch.transport';

/** The projector process: the projection engine, its transport, health and metrics. */
@Module({})
export class ProjectorModule {
  static forRoot(config: LoadedConfig, logger: Logger, tuning: EngineTuning = DEFAULT_TUNING): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [ConfigModule.forRoot(config), loggerModule(logger)],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: ProjectionEngine, useFactory: () => new ProjectionEngine(config, logger, tuning) },
        { provide: KafkaBatchTransport, useFactory: (engine: ProjectionEngine) => new KafkaBatchTransport(engine), inject: [ProjectionEngine] },
      ],
    };
  }
}
