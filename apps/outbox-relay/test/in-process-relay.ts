import type { Pool } from 'pg';
import { createTestDatabase, createTestPool, eventually, uniqueName, type TestDatabase } from '@test/support';
import { startRelay, type RunningRelay } from '../src/relay.factory';
import { globalBrokers, relayConfig, type RelayTarget } from './relay-env';
import { TopicReader } from './topic-reader';

/** One relay in process, leading, against the run's embedded Kafka and a database of its own, and a reader of its topic. */
export interface InProcessRelay {
  database: TestDatabase;
  pool: Pool;
  target: RelayTarget;
  relay: RunningRelay;
  reader: TopicReader;
  stop(): Promise<void>;
}

export async function startInProcessRelay(name: string, env: Record<string, string> = {}): Promise<InProcessRelay> {
  const database = await createTestDatabase();
  const pool = createTestPool(database.url);
  const target = {
    databaseUrl: database.url,
    brokers: globalBrokers(),
    topic: uniqueName(name),
    redisPrefix: `${uniqueName(name)}:`,
  };
  const relay = await startRelay(relayConfig(target, env));
  await eventually(async () => (relay.isLeader() ? true : undefined), 5_000, 'the relay to lead');
  const reader = await new TopicReader(target.brokers, target.topic).start();
  return {
    database,
    pool,
    target,
    relay,
    reader,
    async stop() {
      await reader.stop();
      await relay.close();
      await pool.end();
      await database.drop();
    },
  };
}
