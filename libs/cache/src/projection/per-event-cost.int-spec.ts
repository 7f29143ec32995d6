import type { Socket } from 'node:net';
import type { Redis } from 'ioredis';
import type { AnyEvent } from '@app/contracts';
import { createEventFactory } from '@test/support/event-factory';
import { uniqueName } from '@test/support';
import { createRedisClient } from '../redis-client';
import { resolveGenerations } from '../generations';
import { changesFromEvents } from './division-changes';
import { writeProjection } from './write-projection';

const writer = createRedisClient(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
afterAll(() => writer.quit());

const f = createEventFactory({ seed: 'c6' });
let matchNo = 0;
const result = (red: string, blue: string, day: number): AnyEvent =>
  f.matchCompleted('d', {
    matchId: `c6000000-0000-4000-8000-${String(++matchNo).padStart(12, '0')}`,
    red,
    blue,
    winner: day % 3 === 0 ? null : red,
    completedAt: new Date(Date.UTC(2020, 0, 1) + day * 3_600_000).toISOString(),
  });

/** Bytes on the wire and write calls (each a round trip: ioredis writes a pipeline at once). */
function meter(redis: Redis) {
  const socket = (redis as unknown as { stream: Socket }).stream;
  let writes = 0;
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  (socket as unknown as { write: (...args: unknown[]) => boolean }).write = (...args: unknown[]) => {
    writes++;
    return write(...args);
  };
  const start = { out: socket.bytesWritten, in: socket.bytesRead, writes: 0 };
  return () => ({ roundTrips: writes - start.writes, bytes: socket.bytesWritten - start.out + (socket.bytesRead - start.in) });
}

/** Applies one new result for an athlete who already has `prior` matches; returns what it cost. */
async function costOfOneResult(prior: number) {
  const prefix = uniqueName('cost') + ':';
  const { live } = await resolveGenerations(writer, prefix);
  const write = (events: AnyEvent[]) => writeProjection(writer, prefix, { generations: [live], changes: changesFromEvents(events), newestOccurredAt: 1 });
  const athletes = ['veteran', 'rookie', ...Array.from({ length: 20 }, (_, i) => `o${i}`)];
  await write(athletes.map((id) => f.athleteRegistered('d', id, `Name ${id}`)));
  const history = Array.from({ length: prior }, (_, i) => result('veteran', `o${i % 20}`, i));
  for (let i = 0; i < history.length; i += 500) await write(history.slice(i, i + 500));
  await write([result('rookie', 'o1', prior + 5)]); // scripts loaded, connection warm
  const measure = meter(writer);
  await write([result('veteran', 'rookie', prior + 10)]);
  return measure();
}

describe('Redis projection cost per event', () => {
  it('is the same for an athlete with 10 and with 2,000 prior matches (round trips, bytes within ±20%)', async () => {
    // when
    const short = await costOfOneResult(10);
    const long = await costOfOneResult(2000);
    // then
    if (process.env.SHOW_COST) process.stdout.write(`cost: 10 prior ${JSON.stringify(short)}, 2000 prior ${JSON.stringify(long)}\n`);
    expect(short.roundTrips).toBe(1);
    expect(long.roundTrips).toBe(short.roundTrips);
    expect(long.bytes).toBeGreaterThan(short.bytes * 0.8);
    expect(long.bytes).toBeLessThan(short.bytes * 1.2);
  });
});
