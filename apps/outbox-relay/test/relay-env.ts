import { loadConfig } from '@app/config';
import type { RelayConfig } from '../src/relay.factory';

export interface RelayTarget {
  databaseUrl: string;
  brokers: string[];
  topic: string;
  redisPrefix: string;
}

/** The environment a relay (child process or in-process) runs with in these tests. */
export function relayEnv(target: RelayTarget, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: target.databaseUrl,
    KAFKA_BROKERS: target.brokers.join(','),
    KAFKA_TOPIC: target.topic,
    REDIS_KEY_PREFIX: target.redisPrefix,
    RELAY_PORT: '0',
    RELAY_POLL_INTERVAL_MS: '200',
    ...extra,
  };
}

export function relayConfig(target: RelayTarget, extra: Record<string, string> = {}): RelayConfig {
  return loadConfig(relayEnv(target, { LOG_LEVEL: 'warn', ...extra }));
}

export function globalBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run through jest, whose global setup starts the embedded Kafka');
  return brokers.split(',');
}
