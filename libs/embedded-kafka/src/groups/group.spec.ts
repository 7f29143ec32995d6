import { silentLogger } from '../logger';
import { ErrorCode } from '../protocol/error-codes';
import { Group } from './group';
import { JoinRequest, JoinResult } from './group-types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function request(memberId: string, overrides: Partial<JoinRequest> = {}): JoinRequest {
  return {
    memberId,
    groupInstanceId: null,
    sessionTimeoutMs: 200,
    rebalanceTimeoutMs: 300,
    protocolType: 'consumer',
    protocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from(memberId) }],
    clientId: 'test',
    clientHost: '/127.0.0.1',
    connectionId: 1,
    ...overrides,
  };
}

/** Joins the way kafkajs does: empty id, MEMBER_ID_REQUIRED, then again with the id. */
async function joinNew(group: Group, connectionId = 1, overrides: Partial<JoinRequest> = {}): Promise<{ id: string; joined: Promise<JoinResult> }> {
  const first = await group.join(request('', { connectionId, ...overrides }));
  expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
  return { id: first.memberId, joined: Promise.resolve(group.join(request(first.memberId, { connectionId, ...overrides }))) };
}

describe('consumer group state machine', () => {
  let group: Group;

  beforeEach(() => {
    group = new Group('g', { deadConnectionGraceMs: 20 }, silentLogger);
  });

  afterEach(() => group.close());

  it('completes the first join at once and makes the only member leader', async () => {
    const a = await joinNew(group);
    const result = await a.joined;
    expect(result).toMatchObject({ errorCode: 0, generationId: 1, leaderId: a.id, memberId: a.id, protocolName: 'RoundRobinAssigner' });
    expect(result.members.map((m) => m.memberId)).toEqual([a.id]);
    expect(group.state).toBe('CompletingRebalance');
  });

  it('accepts a JoinGroup with a rebalance timeout of 0 (Kafka checks only the session timeout)', async () => {
    const a = await joinNew(group, 1, { rebalanceTimeoutMs: 0 });
    expect(await a.joined).toMatchObject({ errorCode: 0, generationId: 1, leaderId: a.id });
    expect((await group.join(request('', { sessionTimeoutMs: 0 }))).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
  });

  it('drops a member whose connections closed while it was rejoining instead of restarting its session', async () => {
    const a = await joinNew(group, 1);
    await a.joined;
    await group.sync(1, a.id, [{ memberId: a.id, assignment: Buffer.from('all') }]);
    const b = await joinNew(group, 2);
    await Promise.all([group.join(request(a.id)), b.joined]);
    const c = await joinNew(group, 3); // rebalance: a and b must rejoin
    void group.join(request(a.id)); // a rejoins, then its socket dies before the rebalance completes
    group.connectionClosed(1);
    const rb = await group.join(request(b.id, { connectionId: 2 }));
    // a, the old leader, is gone at once: no session timeout keeps it (and everyone's SyncGroup) hanging.
    expect(rb).toMatchObject({ errorCode: 0, leaderId: b.id });
    expect(rb.members.map((m) => m.memberId).sort()).toEqual([b.id, c.id].sort());
    expect((await c.joined).errorCode).toBe(0);
  });

  it('rebalances when a second member joins: heartbeat says 27, both rejoin, only the leader sees members', async () => {
    const a = await joinNew(group);
    await a.joined;
    expect(await group.sync(1, a.id, [{ memberId: a.id, assignment: Buffer.from('all') }])).toEqual({ errorCode: 0, assignment: Buffer.from('all') });
    expect(group.state).toBe('Stable');

    const b = await joinNew(group, 2);
    expect(group.heartbeat(1, a.id)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const [ra, rb] = await Promise.all([group.join(request(a.id)), b.joined]);
    expect(ra).toMatchObject({ generationId: 2, leaderId: a.id });
    expect(ra.members).toHaveLength(2);
    expect(rb).toMatchObject({ generationId: 2, leaderId: a.id, members: [] });

    const followerSync = group.sync(2, b.id, []);
    await group.sync(2, a.id, [
      { memberId: a.id, assignment: Buffer.from('p0') },
      { memberId: b.id, assignment: Buffer.from('p1') },
    ]);
    expect(await followerSync).toEqual({ errorCode: 0, assignment: Buffer.from('p1') });
    expect(group.heartbeat(2, b.id)).toBe(ErrorCode.NONE);
    expect(group.heartbeat(1, b.id)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(group.heartbeat(2, 'stranger')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('evicts a member that stops heartbeating after its session timeout', async () => {
    const a = await joinNew(group);
    await a.joined;
    await group.sync(1, a.id, []);
    const b = await joinNew(group, 2);
    await Promise.all([group.join(request(a.id)), b.joined]);
    await group.sync(2, a.id, []);
    for (let i = 0; i < 6; i++) {
      await sleep(50);
      group.heartbeat(2, a.id); // a keeps beating, b has gone silent
    }
    expect(group.members.has(b.id)).toBe(false);
    expect(group.heartbeat(2, a.id)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  });

  it('evicts a member shortly after all its connections closed', async () => {
    const a = await joinNew(group, 7);
    await a.joined;
    group.connectionClosed(7);
    await sleep(60);
    expect(group.members.size).toBe(0);
    expect(group.state).toBe('Empty');
  });

  it('drops members that do not rejoin within the rebalance timeout', async () => {
    const a = await joinNew(group, 1, { sessionTimeoutMs: 5000 }); // outlives the rebalance timeout
    await a.joined;
    await group.sync(1, a.id, []);
    const b = await joinNew(group, 2);
    const started = Date.now();
    group.heartbeat(1, a.id); // keeps a's session alive; a never rejoins
    const rb = await b.joined;
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(rb).toMatchObject({ errorCode: 0, generationId: 2, leaderId: b.id });
    expect(group.members.has(a.id)).toBe(false);
  });

  it('checks offset commits against member and generation, allowing simple commits on an empty group', async () => {
    expect(group.checkCommit(-1, '')).toBe(ErrorCode.NONE);
    const a = await joinNew(group);
    await a.joined;
    expect(group.checkCommit(1, a.id)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    await group.sync(1, a.id, []);
    expect(group.checkCommit(1, a.id)).toBe(ErrorCode.NONE);
    expect(group.checkCommit(0, a.id)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(group.checkCommit(-1, '')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('refuses a member whose protocol type differs from the group', async () => {
    const a = await joinNew(group);
    await a.joined;
    const other = await group.join(request('', { protocolType: 'connect' }));
    expect(other.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  });
});
