import { JoinResult, SyncResult } from '../groups/group-types';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './handler';

const encodeJoin = (res: JoinResult): Writer =>
  new Writer()
    .int32(0)
    .int16(res.errorCode)
    .int32(res.generationId)
    .string(res.protocolName ?? '')
    .string(res.leaderId)
    .string(res.memberId)
    .array(res.members, (w, m) => w.string(m.memberId).string(m.groupInstanceId).bytes(m.metadata));

/** JoinGroup v5: may be held until the rebalance completes (every member rejoined, or the rebalance timeout). */
export const handleJoinGroup: ApiHandler = async (broker, req) => {
  const r = req.body;
  const groupId = r.string();
  const join = {
    sessionTimeoutMs: r.int32(),
    rebalanceTimeoutMs: r.int32(),
    memberId: r.string(),
    groupInstanceId: r.nullableString(),
    protocolType: r.string(),
    protocols: r.array((r) => ({ name: r.string(), metadata: Buffer.from(r.bytes()) })),
    clientId: req.header.clientId ?? '',
    clientHost: `/${req.clientHost}`,
    connectionId: req.connectionId,
  };
  return encodeJoin(await broker.groups.join(groupId, join));
};

const encodeSync = (res: SyncResult): Writer => new Writer().int32(0).int16(res.errorCode).bytes(res.assignment);

/** SyncGroup v3: the leader's call carries every assignment; followers wait for it. */
export const handleSyncGroup: ApiHandler = async (broker, req) => {
  const r = req.body;
  const groupId = r.string();
  const generationId = r.int32();
  const memberId = r.string();
  r.nullableString(); // group instance id (static membership is not supported)
  const assignments = r.array((r) => ({ memberId: r.string(), assignment: r.bytes() }));
  return encodeSync(await broker.groups.sync(groupId, generationId, memberId, req.connectionId, assignments));
};

export const handleHeartbeat: ApiHandler = (broker, req) => {
  const r = req.body;
  const groupId = r.string();
  const generationId = r.int32();
  const memberId = r.string();
  r.nullableString();
  return new Writer().int32(0).int16(broker.groups.heartbeat(groupId, generationId, memberId, req.connectionId));
};

/** LeaveGroup v3 (batch form): per-member errors, top-level error NONE. */
export const handleLeaveGroup: ApiHandler = (broker, req) => {
  const r = req.body;
  const groupId = r.string();
  const members = r.array((r) => ({ memberId: r.string(), groupInstanceId: r.nullableString() }));
  const results = members.map((m) => ({ ...m, errorCode: broker.groups.leave(groupId, m.memberId) }));
  return new Writer()
    .int32(0)
    .int16(ErrorCode.NONE)
    .array(results, (w, m) => w.string(m.memberId).string(m.groupInstanceId).int16(m.errorCode));
};
