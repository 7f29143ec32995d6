import type { Consumer, ConsumerRunConfig } from 'kafkajs';
import { createRedisClient } from '@app/cache';
import { createKafka, ensureTopics, projectorGroupId } from '@app/kafka';
import { createLogger } from '@app/observability';
import { startProjectorApp, testConfig, TestEventProducer } from '../../test/projector-test-kit';
import { Projector } from './projector';
import { RedisProjectionStore } from './redis.store';
import { createStorePolicy } from './store-policy';

/**
 * A projector process closed while it is still connecting (the engine starts in the
 * background so /health answers meanwhile) must not leave a consumer behind: one that joined
 * after the stop would hold partitions and keep a dead process's connections open.
 */
const config = testConfig();
let producer: TestEventProducer;

beforeAll(async () => {
  producer = new TestEventProducer(config);
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect();
});

it('leaves no group member behind when closed during start-up', async () => {
  // Closed at different points of the start-up: before and while it connects to Kafka.
  for (const afterMs of [0, 20, 50, 100, 150, 200, 300]) {
    const app = await startProjectorApp(config);
    await new Promise((resolve) => setTimeout(resolve, afterMs));
    await app.close();
  }
  // Long enough for a consumer started after the stop to have joined.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const admin = producer.client.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups(['elasticsearch', 'redis'].map((p) => projectorGroupId(config.KAFKA_TOPIC, p)));
    expect(groups.map((g) => g.members.length)).toEqual([0, 0]);
  } finally {
    await admin.disconnect();
  }
}, 60_000);

it('leaves no group member behind when stopped while kafkajs is joining the group', async () => {
  // The race above, aimed: stop() is called 0–64 ms after consumer.run() began, while
  // kafkajs is joining. A disconnect whose stop found kafkajs's runner not running yet
  // orphans it: once its join answers it fetches and heartbeats, owned by nobody.
  const logger = createLogger('shutdown-spec', 'silent');
  const redis = createRedisClient(config.REDIS_URL);
  const groups: Array<{ kafka: ReturnType<typeof createKafka>; groupId: string }> = [];
  try {
    for (const delayMs of [0, 1, 2, 4, 8, 16, 32, 64]) {
      const own = testConfig();
      const kafka = createKafka({ brokers: own.KAFKA_BROKERS, clientId: 'shutdown-spec' });
      await ensureTopics(kafka, [own.KAFKA_TOPIC]);
      let stopping: Promise<void> | undefined;
      const consumerOf = kafka.consumer.bind(kafka);
      const projector: Projector = new Projector({
        kafka: Object.assign(Object.create(kafka) as typeof kafka, {
          consumer: (options: Parameters<typeof kafka.consumer>[0]) => {
            const consumer: Consumer = consumerOf(options);
            const run = consumer.run.bind(consumer);
            consumer.run = (runConfig?: ConsumerRunConfig) => {
              const running = run(runConfig);
              stopping = new Promise((resolve) => setTimeout(resolve, delayMs)).then(() => projector.stop());
              return running;
            };
            return consumer;
          },
        }),
        producer: kafka.producer(),
        topic: own.KAFKA_TOPIC,
        store: new RedisProjectionStore(redis, own.REDIS_KEY_PREFIX),
        policy: createStorePolicy({ halfOpenAfterMs: 1000, failuresToOpen: 3 }),
        logger,
      });
      await projector.start().catch(() => undefined); // a start cut short by the stop may fail
      await stopping;
      groups.push({ kafka, groupId: projector.groupId });
    }
    await new Promise((resolve) => setTimeout(resolve, 3000)); // time for an orphan to join
    const members: number[] = [];
    for (const { kafka, groupId } of groups) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        members.push((await admin.describeGroups([groupId])).groups[0].members.length);
      } finally {
        await admin.disconnect();
      }
    }
    expect(members).toEqual(groups.map(() => 0));
  } finally {
    redis.disconnect();
  }
}, 60_000);
