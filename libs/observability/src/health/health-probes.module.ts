import { DynamicModule, Module, type InjectionToken, type ModuleMetadata } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthProbesController } from './health-probes.controller';
import { HEALTH_PROBES, type HealthProbes } from './health-probes';

export interface HealthProbesOptions {
  /** Modules the factory's dependencies come from. */
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: (...deps: never[]) => HealthProbes;
}

/** Adds the three probes to a service: `imports: [HealthProbesModule.forRoot({ useFactory })]`. */
@Module({})
export class HealthProbesModule {
  static forRoot(options: HealthProbesOptions): DynamicModule {
    return {
      module: HealthProbesModule,
      // Failed checks are reported in the answer; logging each probe would flood the log.
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthProbesController],
      providers: [{ provide: HEALTH_PROBES, useFactory: options.useFactory, inject: options.inject ?? [] }],
    };
  }
}
