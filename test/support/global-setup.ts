import { existsSync } from 'node:fs';
import path from 'node:path';
import { dropStaleTestDatabases } from './database';

/**
 * Starts shared infrastructure once per run. Kafka and Elasticsearch are the embedded
 * stand-ins unless KAFKA_BROKERS / ELASTICSEARCH_URL point at real servers, which is how
 * the same suites prove the stand-ins against the real thing. Test files get their own
 * databases, topics, indices and Redis key prefixes, so they never share state.
 */
export default async function globalSetup(): Promise<void> {
  // A stand-in that fails to start fails the run: tests that need it would only time out.
  await dropStaleTestDatabases();
  const shared = globalThis as unknown as { __standIns?: Array<{ close(): Promise<void> }> };
  shared.__standIns = [];
  const libs = path.resolve(__dirname, '../../libs');

  if (!process.env.KAFKA_BROKERS && existsSync(`${libs}/embedded-kafka/src/index.ts`)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startEmbeddedKafka } = require('../../libs/embedded-kafka/src') as typeof import('../../libs/embedded-kafka/src');
    const kafka = await startEmbeddedKafka({ port: 0, host: '127.0.0.1' });
    process.env.KAFKA_BROKERS = kafka.brokers.join(',');
    shared.__standIns.push(kafka);
  }
  if (!process.env.ELASTICSEARCH_URL && existsSync(`${libs}/embedded-elasticsearch/src/index.ts`)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const es = require('../../libs/embedded-elasticsearch/src') as typeof import('../../libs/embedded-elasticsearch/src');
    const server = await es.startEmbeddedElasticsearch({ port: 0, host: '127.0.0.1' });
    process.env.ELASTICSEARCH_URL = server.url;
    shared.__standIns.push(server);
  }
}
