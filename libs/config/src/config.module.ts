import { DynamicModule, Global, Module } from '@nestjs/common';
import { LoadedConfig, loadConfig } from './load-config';

/** Injection token for the validated configuration. */
export const CONFIG = Symbol('CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: LoadedConfig = loadConfig()): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: CONFIG, useValue: config }], exports: [CONFIG] };
  }
}
