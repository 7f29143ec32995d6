import type { KafkaMessage } from 'kafkajs';
import { deadLetterTopic, EVENT_HEADERS } from '@app/contracts';
import { headerText } from '@app/kafka';
import { RunningService, serviceEnv, startService } from '@test/support';
import type { ProjectorApp } from '../app.factory';
import { eventually, getJson, readMetric, startProjectorApp, testConfig, testEvents, TestEventProducer } from '../../test/projector-test-kit';
import { projectorGroupId } from '@app/kafka';

const D = 'poison';
const f = testEvents();

let service: ProjectorApp;
/** The read API over this test's stores (compiled output: `npm run build` first). */
let query: RunningService;
let producer: TestEventProducer;
let topic: string;

beforeAll(async () => {
  const config = testConfig();
  topic = config.KAFKA_TOPIC;
  producer = new TestEventProducer(config);
  await producer.connect();
  service = await startProjectorApp(config);
  query = await startService('rankings-query', serviceEnv(config));
});

afterAll(async () => {
  await service?.close();
  await query?.stop(10_000);
  await producer?.disconnect();
});

it('sends poison messages to the DLQ with the reason, skips unknown events, and applies the valid events after them', async () => {
  const before = [f.divisionCreated(D), f.athleteRegistered(D, 'p1', 'Paula Poison')];
  const badResult = { ...f.matchCompleted(D, { matchId: f.nextId(), red: 'p1', blue: 'p2', winner: 'p1', completedAt: '2026-11-22T20:00:00Z' }) };
  (badResult.data as { method: string }).method = 'ARMBAR';
  const unknownType = { ...f.divisionCreated(D), type: 'BeltAwarded' };
  const newerVersion = { ...f.athleteRegistered(D, 'p9', 'From The Future'), schemaVersion: 99 };
  const after = [
    f.athleteRegistered(D, 'p2', 'Pia Valid'),
    f.matchCompleted(D, { matchId: f.nextId(), red: 'p1', blue: 'p2', winner: 'p2', completedAt: '2026-11-22T21:00:00Z' }),
  ];
  await producer.send(before);
  await producer.sendRaw([
    { key: D, value: '{"eventId": oops' },
    { key: D, value: JSON.stringify(badResult) },
    { key: D, value: JSON.stringify(unknownType) },
    { key: D, value: JSON.stringify(newerVersion) },
    { key: D, value: null },
  ]);
  await producer.send(after);
  const last = after[after.length - 1];

  const entry = await getJson(`${query.url}/athletes/p2?waitFor=${last.eventId}&waitMs=10000`);
  expect(entry.headers.get('x-projection-stale')).toBeNull();
  expect(entry.body).toMatchObject({ athleteId: 'p2', points: 3, rank: 1 });
  const board = await getJson<{ items: unknown[] }>(`${query.url}/divisions/${D}/leaderboard?waitFor=${last.eventId}&waitMs=10000`);
  expect(board.headers.get('x-projection-stale')).toBeNull();
  expect(board.body.items).toHaveLength(2); // p9 (newer schema) was skipped, not guessed at

  const letters = await readTopic(deadLetterTopic(topic), 6);
  const reasons = (group: string) =>
    letters
      .filter((l) => headerText(l.headers?.['dlq-consumer-group']) === group)
      .map((l) => headerText(l.headers?.[EVENT_HEADERS.dlqReason]));
  for (const projection of ['elasticsearch', 'redis']) {
    expect(reasons(projectorGroupId(topic, projection))).toEqual([
      expect.stringMatching(/not JSON/),
      expect.stringMatching(/MatchCompleted data: method/),
      expect.stringMatching(/empty message value/),
    ]);
    expect(await readMetric(service.url, 'projection_events_ignored_total', { projection, type: 'BeltAwarded' })).toBe(1);
    expect(await readMetric(service.url, 'projection_events_ignored_total', { projection, type: 'AthleteRegistered' })).toBe(1);
    expect(await readMetric(service.url, 'projection_events_dead_lettered_total', { projection })).toBe(3);
    // Every acknowledged batch is timed and sized: the sizes add up to the events applied (at least the four valid ones sent).
    const applied = await readMetric(service.url, 'projection_events_applied_total', { projection });
    expect(applied).toBeGreaterThanOrEqual(before.length + after.length);
    expect(await readMetric(service.url, 'projection_batch_events_sum', { projection })).toBe(applied);
    const batches = await readMetric(service.url, 'projection_batch_events_count', { projection });
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(await readMetric(service.url, 'projection_store_write_seconds_count', { projection })).toBe(batches);
    expect(await readMetric(service.url, 'projection_store_write_seconds_sum', { projection })).toBeGreaterThan(0);
  }
});

/** Reads `count` messages from a topic with a throwaway consumer group. */
async function readTopic(name: string, count: number): Promise<KafkaMessage[]> {
  const consumer = producer.client.consumer({ groupId: `${name}.test-reader`, maxWaitTimeInMs: 200 });
  const seen: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: name, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
    await eventually(() => expect(seen.length).toBeGreaterThanOrEqual(count), 15_000);
    return seen;
  } finally {
    await consumer.disconnect();
  }
}
