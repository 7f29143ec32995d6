import path from 'node:path';
import type { LoadedConfig } from '@app/config';
import { standInNodeOptions } from '@app/embedded-elasticsearch';

export interface PlannedProcess {
  name: string;
  /** Entry point relative to the repository root (compiled output). */
  entry: string;
  env: Record<string, string>;
  /** A port to wait for before the services start (stand-ins only). */
  readyPort?: number;
}

export interface ProcessPlan {
  standIns: PlannedProcess[];
  services: PlannedProcess[];
}

/**
 * CONTRACT §1: the four services always; a stand-in for Kafka or Elasticsearch only
 * when KAFKA_BROKERS / ELASTICSEARCH_URL is not set. Stand-ins keep their data under
 * `.data/` (git-ignored) unless a data dir is configured, so a dev stack survives restarts.
 */
export function planProcesses(env: NodeJS.ProcessEnv, config: LoadedConfig, root: string, onTerminal = false): ProcessPlan {
  const standIns: PlannedProcess[] = [];
  const shared: Record<string, string> = {};
  // The services write into the launcher's pipes, so on their own they would log JSON;
  // the person at the launcher's terminal wants readable lines (LOG_FORMAT in libs/config).
  if (onTerminal && config.LOG_FORMAT === 'auto' && config.NODE_ENV !== 'production') shared.LOG_FORMAT = 'pretty';
  if (!env.KAFKA_BROKERS) {
    standIns.push({
      name: 'kafka',
      entry: 'dist/libs/embedded-kafka/src/main.js',
      env: { EMBEDDED_KAFKA_DATA_DIR: config.EMBEDDED_KAFKA_DATA_DIR ?? path.join(root, '.data', 'kafka') },
      readyPort: config.EMBEDDED_KAFKA_PORT,
    });
    shared.KAFKA_BROKERS = `127.0.0.1:${config.EMBEDDED_KAFKA_PORT}`;
  }
  if (!env.ELASTICSEARCH_URL) {
    standIns.push({
      name: 'elasticsearch',
      entry: 'dist/libs/embedded-elasticsearch/src/main.js',
      env: {
        EMBEDDED_ES_DATA_DIR: config.EMBEDDED_ES_DATA_DIR ?? path.join(root, '.data', 'elasticsearch'),
        // Every document lives in its heap: room for a million-match rebuild (standInNodeOptions).
        NODE_OPTIONS: standInNodeOptions(env.NODE_OPTIONS),
      },
      readyPort: config.EMBEDDED_ES_PORT,
    });
    shared.ELASTICSEARCH_URL = `http://127.0.0.1:${config.EMBEDDED_ES_PORT}`;
  }
  const services = [
    { name: 'command', entry: 'dist/apps/match-command/src/main.js', env: { ...shared } },
    { name: 'relay', entry: 'dist/apps/outbox-relay/src/main.js', env: { ...shared } },
    { name: 'query', entry: 'dist/apps/rankings-query/src/main.js', env: { ...shared } },
    { name: 'projector', entry: 'dist/apps/rankings-projector/src/main.js', env: { ...shared } },
  ];
  return { standIns, services };
}
