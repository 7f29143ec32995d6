import { createRedisClient, readLeaderboard, resolveGenerations } from '@app/cache';
import type { AnyEvent } from '@app/contracts';
import { createKafka, ensureTopics } from '@app/kafka';
import { createLogger } from '@app/observability';
import { projectAthletes, rankDivision, RankingEntry, toRankingEntry } from '@app/rankings';
import {
  committedTotal,
  eventually,
  testConfig,
  testEvents,
  TestEventProducer,
  topicEndTotal,
} from '../../test/projector-test-kit';
import { CoalescingStore } from './coalescing.store';
import type { ProjectionBatch, ProjectionStore } from './projection-store';
import { Projector } from './projector';
import { RedisProjectionStore } from './redis.store';
import { createStorePolicy } from './store-policy';

/**
 * The premise of CoalescingStore, held against real kafkajs over a real broker: the
 * partitions of one fetch reach the store in the same turn of the event loop, so their
 * batches go out as one write, and the store still ends exactly where the rules say.
 */
const f = testEvents();
const config = testConfig();
const divisions = ['co-a', 'co-b', 'co-c', 'co-d', 'co-e', 'co-f'];
function history(): AnyEvent[] {
  const events: AnyEvent[] = [];
  for (const d of divisions) {
    const athletes = [1, 2, 3, 4].map((i) => `${d}-${i}`);
    athletes.forEach((a) => events.push(f.athleteRegistered(d, a, `Athlete ${a}`)));
    for (let m = 0; m < 12; m++) {
      const [red, blue] = [athletes[m % 4], athletes[(m + 1) % 4]];
      events.push(
        f.matchCompleted(d, {
          matchId: f.nextId(),
          red,
          blue,
          winner: m % 5 === 0 ? null : blue,
          completedAt: new Date(Date.UTC(2026, 1, 1, m)).toISOString(),
        }),
      );
    }
  }
  return events;
}

it('writes the partitions of a fetch together and stores what the rules say', async () => {
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'coalescing-spec' });
  await ensureTopics(kafka, [config.KAFKA_TOPIC]);
  const events = history();
  const producer = new TestEventProducer(config);
  await producer.connect();
  await producer.send(events).finally(() => producer.disconnect()); // all on the topic before the consumer starts: its first fetch holds every partition
  const redis = createRedisClient(config.REDIS_URL);
  const handed: ProjectionBatch[] = [];
  const written: ProjectionBatch[] = [];
  const real = new RedisProjectionStore(redis, config.REDIS_KEY_PREFIX);
  const counted: ProjectionStore = Object.assign(Object.create(real) as ProjectionStore, {
    apply: (batch: ProjectionBatch) => (written.push(batch), real.apply(batch)),
  });
  const coalescing = new CoalescingStore(counted);
  const store: ProjectionStore = Object.assign(Object.create(coalescing) as ProjectionStore, {
    apply: (batch: ProjectionBatch) => (handed.push(batch), coalescing.apply(batch)),
  });
  const projector = new Projector({
    kafka,
    producer: kafka.producer(),
    topic: config.KAFKA_TOPIC,
    store,
    policy: createStorePolicy({ halfOpenAfterMs: 1000, failuresToOpen: 3 }),
    logger: createLogger('coalescing-spec', 'silent'),
  });
  try {
    await projector.start();
    const end = await topicEndTotal(kafka, config.KAFKA_TOPIC);
    await eventually(async () => expect(await committedTotal(kafka, projector.groupId, config.KAFKA_TOPIC)).toBe(end), 30_000);

    const partitions = new Set(handed.map((b) => b.source?.partition));
    expect(partitions.size).toBeGreaterThan(1); // the divisions span partitions
    expect(written.length).toBeLessThan(handed.length);
    expect(written.some((w) => handed.filter((h) => h.eventIds.every((id) => w.eventIds.includes(id))).length > 1)).toBe(true);
    expect(written.flatMap((w) => w.eventIds).sort()).toEqual(handed.flatMap((h) => h.eventIds).sort());

    const truth = [...projectAthletes(events).values()].map(toRankingEntry).filter((e): e is RankingEntry => e !== null);
    const { live } = await resolveGenerations(redis, config.REDIS_KEY_PREFIX);
    for (const d of divisions) {
      const expected = rankDivision(truth.filter((e) => e.divisionId === d)).map((e) => ({
        rank: e.rank,
        athleteId: e.athleteId,
        name: e.name,
        points: e.points,
      }));
      expect(await readLeaderboard(redis, config.REDIS_KEY_PREFIX, live, d, 10)).toEqual(expected);
    }
  } finally {
    await projector.stop();
    redis.disconnect();
  }
}, 60_000);
