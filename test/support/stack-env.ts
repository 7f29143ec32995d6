import path from 'node:path';
import { uniqueName } from './names';
import { freePort } from './ports';

export interface StackPorts {
  command: number;
  query: number;
  relay: number;
  projector: number;
  kafka: number;
  elasticsearch: number;
}

/**
 * The environment `npm start` gets in the whole-stack tests: every port free, the database,
 * topic, alias and key prefix this test's own, stand-in data under `dataDir`, and nothing of
 * the parent's environment but PATH and HOME (as a newcomer's shell would have).
 */
export async function npmStartEnv(database: string, dataDir: string, prefix: string): Promise<{ env: NodeJS.ProcessEnv; ports: StackPorts }> {
  const [command, query, relay, projector, kafka, elasticsearch] = await Promise.all([1, 2, 3, 4, 5, 6].map(() => freePort()));
  const ports = { command, query, relay, projector, kafka, elasticsearch };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${database}`,
    REDIS_KEY_PREFIX: `${uniqueName(prefix)}:`,
    ELASTICSEARCH_ALIAS: uniqueName('rankings'),
    KAFKA_TOPIC: uniqueName('events'),
    COMMAND_PORT: String(command),
    QUERY_PORT: String(query),
    RELAY_PORT: String(relay),
    PROJECTOR_PORT: String(projector),
    EMBEDDED_KAFKA_PORT: String(kafka),
    EMBEDDED_ES_PORT: String(elasticsearch),
    EMBEDDED_KAFKA_DATA_DIR: path.join(dataDir, 'kafka'),
    EMBEDDED_ES_DATA_DIR: path.join(dataDir, 'es'),
    LOG_LEVEL: 'info',
  };
  return { env, ports };
}
