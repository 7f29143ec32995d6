import { projectorGroupId } from '@app/kafka';
import { startProjectorApp, testConfig, TestEventProducer } from '../../test/projector-test-kit';

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
