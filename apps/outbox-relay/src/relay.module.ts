import { DynamicModule, Module } from '@nestjs/common';
import { HealthProbesModule, loggerModule, MetricsController, type Logger } from '@app/observability';
import { relayHealthProbes, type RelayState } from './health/relay-probes';

/** The relay's HTTP face: health probes and /metrics only (the relay itself is not a Nest provider). */
@Module({})
export class RelayModule {
  static forRoot(state: RelayState, logger: Logger): DynamicModule {
    return {
      module: RelayModule,
      imports: [loggerModule(logger), HealthProbesModule.forRoot({ useFactory: () => relayHealthProbes(state) })],
      controllers: [MetricsController],
    };
  }
}
