import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './handler';

/** DescribeGroups v2. admin.setOffsets refuses unless the state is Empty or Dead. */
export const handleDescribeGroups: ApiHandler = (broker, req) => {
  const ids = req.body.array((r) => r.string());
  return new Writer().int32(0).array(ids, (w, id) => {
    const g = broker.groups.describe(id);
    w.int16(ErrorCode.NONE).string(id).string(g.state).string(g.protocolType).string(g.protocol);
    w.array(g.members, (w, m) => w.string(m.memberId).string(m.clientId).string(m.clientHost).bytes(m.metadata).bytes(m.assignment));
  });
};

/** ListGroups v2: live groups and groups that only have committed offsets. */
export const handleListGroups: ApiHandler = (broker) =>
  new Writer()
    .int32(0)
    .int16(ErrorCode.NONE)
    .array(broker.groups.list(), (w, g) => w.string(g.groupId).string(g.protocolType));

/** DeleteGroups v1: only groups without members (NON_EMPTY_GROUP otherwise), offsets included. */
export const handleDeleteGroups: ApiHandler = (broker, req) => {
  const ids = req.body.array((r) => r.string());
  return new Writer().int32(0).array(ids, (w, id) => w.string(id).int16(broker.groups.delete(id)));
};
