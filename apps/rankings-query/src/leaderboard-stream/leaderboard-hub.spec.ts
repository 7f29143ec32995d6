import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { LeaderboardHub } from './leaderboard-hub';
import type { LeaderboardSnapshot } from './leaderboard-snapshot';
import { SseSubscriber } from './sse-subscriber';

/** A channel connection that delivers what the test publishes, and a store whose reads the test releases one by one. */
function setUp() {
  const channel = Object.assign(new EventEmitter(), { subscribe: async () => 1, disconnect: () => undefined });
  let version = 0;
  const pendingReads: Array<() => void> = [];
  const read = (divisionId: string) =>
    new Promise<LeaderboardSnapshot>((resolve) =>
      pendingReads.push(() => resolve({ divisionId, version, items: [{ rank: 1, athleteId: 'a', name: 'A', points: version }] })),
    );
  const hub = new LeaderboardHub(channel as unknown as Redis, 'ch', read, pino({ level: 'silent' }));
  const announce = () => channel.emit('message', 'ch', JSON.stringify({ divisionId: 'd', version: ++version }));
  const releaseRead = async () => {
    pendingReads.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { hub, announce, releaseRead, pendingReads };
}

function subscriber(top = 1) {
  const written: string[] = [];
  const response = { write: (chunk: string) => written.push(chunk), end: () => undefined, writableLength: 0 } as unknown as ServerResponse;
  return { sub: new SseSubscriber('d', top, -1, response), ids: () => written.map((w) => Number(/^id: (\d+)$/m.exec(w)![1])) };
}

describe('LeaderboardHub', () => {
  it('folds changes announced during a read into one more read, and sends versions in order, each once', async () => {
    const { hub, announce, releaseRead, pendingReads } = setUp();
    await hub.start();
    const a = subscriber();
    const b = subscriber(5);
    hub.add(a.sub, { divisionId: 'd', version: 0, items: [] });
    hub.add(b.sub, { divisionId: 'd', version: 0, items: [] });
    announce(); // v1: a read starts
    announce(); // v2, v3 during that read: one more read after it
    announce();
    expect(pendingReads).toHaveLength(1);
    await releaseRead(); // reads v3 (the store is already there)
    expect(pendingReads).toHaveLength(1);
    await releaseRead(); // the folded read: v3 again, not re-sent
    expect(pendingReads).toHaveLength(0);
    expect(a.ids()).toEqual([0, 3]);
    expect(b.ids()).toEqual([0, 3]);
    await hub.stop();
  });

  it('sends nothing on connect to a client whose Last-Event-ID is current, and starts over for one from the future', async () => {
    const { hub } = setUp();
    const current = subscriber();
    current.sub.lastVersion = 4;
    const future = subscriber();
    future.sub.lastVersion = 99;
    hub.add(current.sub, { divisionId: 'd', version: 4, items: [] });
    hub.add(future.sub, { divisionId: 'd', version: 4, items: [] });
    expect(current.ids()).toEqual([]);
    expect(future.ids()).toEqual([4]);
    await hub.stop();
  });
});
