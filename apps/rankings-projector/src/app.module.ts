import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { ConfigModule, type LoadedConfig } from '@app/config';
import { HealthProbesModule, loggerModule, MetricsController } from '@app/observability';
import { ProjectionsController } from './health/projections.controller';
import { projectorHealthProbes } from './health/projector-health';
import { DEFAULT_TUNING, EngineTuning, ProjectionEngine } from './projection-engine';
import { KafkaBatchTransport } from './transport/kafka-batch.transport';

/** The projector process: the projection engine, its transport, health and metrics. */
@Module({})
export class ProjectorModule {
  static forRoot(config: LoadedConfig, logger: Logger, tuning: EngineTuning = DEFAULT_TUNING): DynamicModule {
    const engine = new ProjectionEngine(config, logger, tuning);
    return {
      module: ProjectorModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule(logger),
        HealthProbesModule.forRoot({ useFactory: () => projectorHealthProbes(engine, config.FRESHNESS_SLA_MS) }),
      ],
      controllers: [ProjectionsController, MetricsController],
      providers: [
        { provide: ProjectionEngine, useValue: engine },
        { provide: KafkaBatchTransport, useFactory: (engine: ProjectionEngine) => new KafkaBatchTransport(engine), inject: [ProjectionEngine] },
      ],
    };
  }
}
