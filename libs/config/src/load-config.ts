import { ApiKey, Config, configSchema } from './config.schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig extends Config {
  /** The effective keys: API_KEYS, or the dev-key fallback outside production. */
  apiKeys: ApiKey[];
  /** True when no API_KEYS was given and `dev-key` is in force (callers log a warning). */
  usingDevKey: boolean;
}

export const DEV_API_KEY = 'dev-key';

/**
 * The one place the environment is read. Every process calls this at start-up and gets a
 * typed, validated object, or a ConfigError listing every problem at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`));
  }
  const config = parsed.data;
  if (config.API_KEYS) return { ...config, apiKeys: config.API_KEYS, usingDevKey: false };
  if (config.NODE_ENV === 'production') {
    throw new ConfigError(['API_KEYS: required when NODE_ENV=production (comma list of key:scope[+scope])']);
  }
  return { ...config, apiKeys: [{ key: DEV_API_KEY, scopes: ['write', 'admin'] }], usingDevKey: true };
}

/** Loads the configuration or exits with the problems listed, for `main.ts` files. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
