import { spawn } from 'node:child_process';
import { uniqueName } from '@test/support';
import { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { FAST_GROUP, nextGroupJoin, Received, runRecordingConsumer, testBrokers, testKafka, waitFor } from '../test-helpers/kafka';

/** Conformance: runs against KAFKA_BROKERS (the embedded broker, or a real cluster). */
describe('consumer groups with kafkajs', () => {
  let kafka: Kafka;
  let producer: Producer;
  let running: Consumer[] = [];

  beforeAll(async () => {
    kafka = testKafka('group-conformance');
    producer = kafka.producer();
    await producer.connect();
  });

  afterEach(async () => {
    await Promise.all(running.map((c) => c.disconnect()));
    running = [];
  });

  afterAll(async () => {
    await producer.disconnect();
  });

  async function topicWith(partitions: number): Promise<string> {
    const topic = uniqueName('group');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
    await admin.disconnect();
    return topic;
  }

  async function produceKeyed(topic: string, keys: string[], perKey: number, tag = ''): Promise<void> {
    for (let i = 0; i < perKey; i++) await producer.send({ topic, messages: keys.map((key) => ({ key, value: `${key}:${tag}${i}` })) });
  }

  /** Starts a consumer and remembers its latest assignment. */
  async function start(name: string, groupId: string, topic: string, into: Received[], fromBeginning = true) {
    const latest: { assignment: Record<string, number[]> } = { assignment: {} };
    const consumer = kafka.consumer({ groupId, ...FAST_GROUP });
    consumer.on(consumer.events.GROUP_JOIN, (e) => (latest.assignment = e.payload.memberAssignment));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        into.push({ consumer: name, partition, offset: message.offset, key: message.key?.toString() ?? '', value: message.value?.toString() ?? '' });
      },
    });
    running.push(consumer);
    return { consumer, partitions: () => latest.assignment[topic] ?? [] };
  }

  it('splits partitions between two members and delivers every message exactly once in per-key order', async () => {
    const topic = await topicWith(3);
    const groupId = uniqueName('pair');
    const got: Received[] = [];
    const a = await start('a', groupId, topic, got);
    await waitFor('first member assigned', () => a.partitions().length === 3);
    const b = await start('b', groupId, topic, got);
    await waitFor('partitions split between both', () => b.partitions().length > 0 && a.partitions().length + b.partitions().length === 3);

    const keys = Array.from({ length: 8 }, (_, i) => `key-${i}`);
    await produceKeyed(topic, keys, 8);
    await waitFor('64 messages', () => got.length >= 64);
    await new Promise((r) => setTimeout(r, 300)); // a duplicate would arrive now

    expect(got).toHaveLength(64);
    expect(new Set(got.map((m) => m.value)).size).toBe(64);
    expect(new Set(got.map((m) => m.consumer))).toEqual(new Set(['a', 'b']));
    for (const key of keys) {
      const mine = got.filter((m) => m.key === key);
      expect(new Set(mine.map((m) => m.consumer)).size).toBe(1);
      expect(mine.map((m) => m.value)).toEqual(Array.from({ length: 8 }, (_, i) => `${key}:${i}`));
    }
  });

  it('resumes a restarted member from its committed offsets', async () => {
    const topic = await topicWith(1);
    const groupId = uniqueName('restart');
    await produceKeyed(topic, ['k'], 5, 'old');
    const first: Received[] = [];
    const c1 = await start('first', groupId, topic, first);
    await waitFor('first five', () => first.length === 5);
    await c1.consumer.disconnect(); // commits what it processed and leaves
    running = [];

    await produceKeyed(topic, ['k'], 3, 'new');
    const admin = kafka.admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    await admin.disconnect();
    expect(committed.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '5' })]);

    const second: Received[] = [];
    await start('second', groupId, topic, second);
    await waitFor('three new', () => second.length >= 3);
    await new Promise((r) => setTimeout(r, 300));
    expect(second.map((m) => m.value)).toEqual(['k:new0', 'k:new1', 'k:new2']);
  });

  it('reads from the beginning for a new group with fromBeginning, and only new messages without it', async () => {
    const topic = await topicWith(1);
    await produceKeyed(topic, ['k'], 4, 'early');
    const fromStart: Received[] = [];
    const latestOnly: Received[] = [];
    await start('start', uniqueName('begin'), topic, fromStart, true);
    const late = await start('late', uniqueName('latest'), topic, latestOnly, false);
    await waitFor('late consumer assigned', () => late.partitions().length === 1);
    await waitFor('backlog read', () => fromStart.length === 4);
    await new Promise((r) => setTimeout(r, 300)); // let the late consumer settle on the log end
    await produceKeyed(topic, ['k'], 1, 'late');
    await waitFor('new message everywhere', () => fromStart.length === 5 && latestOnly.length === 1);
    expect(fromStart.map((m) => m.value)).toEqual(['k:early0', 'k:early1', 'k:early2', 'k:early3', 'k:late0']);
    expect(latestOnly.map((m) => m.value)).toEqual(['k:late0']);
  });

  it('rebalances to the remaining member when one leaves', async () => {
    const topic = await topicWith(3);
    const groupId = uniqueName('leave');
    const got: Received[] = [];
    const a = await start('a', groupId, topic, got);
    await waitFor('a assigned', () => a.partitions().length === 3);
    const b = await start('b', groupId, topic, got);
    await waitFor('split', () => b.partitions().length > 0 && a.partitions().length + b.partitions().length === 3);
    const rejoined = nextGroupJoin(a.consumer);
    await b.consumer.disconnect();
    running = [a.consumer];
    expect((await rejoined)[topic]?.sort()).toEqual([0, 1, 2]);
    await produceKeyed(topic, ['p', 'q', 'r', 's'], 2, 'after');
    await waitFor('all eight by a', () => got.filter((m) => m.value.includes('after')).length === 8);
    expect(new Set(got.filter((m) => m.value.includes('after')).map((m) => m.consumer))).toEqual(new Set(['a']));
  });

  it('rebalances to the survivor when a member is killed without leaving', async () => {
    const topic = await topicWith(3);
    const groupId = uniqueName('killed');
    const got: Received[] = [];
    const a = await start('a', groupId, topic, got);
    await waitFor('a assigned', () => a.partitions().length === 3);
    const child = spawnConsumer(groupId, topic);
    try {
      await waitFor('child assigned', () => child.assigned(), 30_000);
      await waitFor('split', () => a.partitions().length < 3);
      child.kill();
      // Kafka notices at the session timeout (6 s); the embedded broker when the sockets close.
      await waitFor('survivor owns all partitions', () => a.partitions().length === 3, 30_000);
    } finally {
      child.kill();
    }
  });

  it('accepts a JoinGroup with a rebalance timeout of 0 and consumes', async () => {
    const topic = await topicWith(1);
    await produceKeyed(topic, ['k'], 2);
    const got: Received[] = [];
    const consumer = await runRecordingConsumer(kafka, 'zero', uniqueName('zero'), topic, got, { config: { rebalanceTimeout: 0 } });
    running.push(consumer);
    await waitFor('both messages', () => got.length === 2);
  });

  it('honours committed offsets exactly when a member is killed with kill -9 and restarted', async () => {
    const topic = await topicWith(2);
    const groupId = uniqueName('crash');
    await produceKeyed(topic, ['a', 'b', 'c', 'd'], 60);
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (let round = 0; round < 3; round++) {
        // What the group committed before this member started is exactly where it must begin.
        const before = await committedOffsets(admin, groupId, topic);
        const child = spawnConsumer(groupId, topic, 5);
        try {
          await waitFor(`round ${round}: 20 messages consumed`, () => child.received().length >= 20, 30_000);
        } finally {
          child.kill();
        }
        for (const [partition, first] of child.firstOffsets()) {
          expect({ round, partition, first }).toEqual({ round, partition, first: before.get(partition) ?? 0 });
        }
        await waitFor('the killed member is gone', async () => (await admin.describeGroups([groupId])).groups[0].state === 'Empty', 30_000);
      }
    } finally {
      await admin.disconnect();
    }
  });
});

/** A kafkajs consumer in its own process, so it can die by SIGKILL without a LeaveGroup. */
async function committedOffsets(admin: Admin, groupId: string, topic: string): Promise<Map<number, number>> {
  const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return new Map((entry?.partitions ?? []).filter((p) => Number(p.offset) >= 0).map((p) => [p.partition, Number(p.offset)]));
}

/**
 * A kafkajs consumer in its own process, so it can die by SIGKILL without a LeaveGroup.
 * It prints `M <partition> <offset>` per message, taking `delayMs` over each.
 */
function spawnConsumer(groupId: string, topic: string, delayMs = 0) {
  const script = `
    const { Kafka, logLevel } = require(${JSON.stringify(require.resolve('kafkajs'))});
    const kafka = new Kafka({ clientId: 'doomed', brokers: process.env.BROKERS.split(','), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: ${JSON.stringify(groupId)}, ...${JSON.stringify(FAST_GROUP)} });
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      const parts = e.payload.memberAssignment[${JSON.stringify(topic)}] || [];
      if (parts.length > 0) process.stdout.write('ASSIGNED\\n');
    });
    (async () => {
      await consumer.connect();
      await consumer.subscribe({ topic: ${JSON.stringify(topic)}, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ partition, message }) => {
        process.stdout.write('M ' + partition + ' ' + message.offset + '\\n');
        await new Promise((r) => setTimeout(r, ${delayMs}));
      } });
    })();
  `;
  const proc = spawn(process.execPath, ['-e', script], { env: { ...process.env, BROKERS: testBrokers().join(',') }, stdio: ['ignore', 'pipe', 'inherit'] });
  let assigned = false;
  let pending = '';
  const received: Array<{ partition: number; offset: number }> = [];
  proc.stdout.on('data', (d: Buffer) => {
    const lines = (pending + d.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'ASSIGNED') assigned = true;
      const m = /^M (\d+) (\d+)$/.exec(line);
      if (m) received.push({ partition: Number(m[1]), offset: Number(m[2]) });
    }
  });
  const firstOffsets = () => {
    const first = new Map<number, number>();
    for (const r of received) if (!first.has(r.partition)) first.set(r.partition, r.offset);
    return first;
  };
  return {
    assigned: () => assigned,
    received: () => received,
    firstOffsets,
    kill: () => proc.exitCode === null && proc.signalCode === null && proc.kill('SIGKILL'),
  };
}
