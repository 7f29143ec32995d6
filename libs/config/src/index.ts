export { configSchema, SCOPES } from './config.schema';
export { CONFIG_DESCRIPTIONS } from './config.descriptions';
export type { ApiKey, Config, Scope } from './config.schema';
export { ConfigError, DEV_API_KEY, loadConfig, loadConfigOrExit } from './load-config';
export type { LoadedConfig } from './load-config';
export { CONFIG, ConfigModule } from './config.module';
