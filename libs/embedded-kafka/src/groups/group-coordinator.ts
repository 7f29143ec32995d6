import { ErrorCode } from '../protocol/error-codes';
import { Logger } from '../logger';
import { Group } from './group';
import { GroupDescription, GroupTimings, JoinRequest, JoinResult, SyncResult } from './group-types';
import { CommittedOffset, OffsetCommitEntry, OffsetStore } from './offset-store';

/** All consumer groups of the broker (it coordinates every group) plus their committed offsets. */
export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();

  constructor(
    readonly offsets: OffsetStore,
    private readonly timings: GroupTimings,
    private readonly logger: Logger,
  ) {}

  private group(id: string): Group {
    let group = this.groups.get(id);
    if (!group) this.groups.set(id, (group = new Group(id, this.timings, this.logger)));
    return group;
  }

  join(groupId: string, req: JoinRequest): JoinResult | Promise<JoinResult> {
    if (!groupId) return { errorCode: ErrorCode.INVALID_GROUP_ID, generationId: -1, protocolName: null, leaderId: '', memberId: req.memberId, members: [] };
    return this.group(groupId).join(req);
  }

  sync(groupId: string, generationId: number, memberId: string, connectionId: number, assignments: Array<{ memberId: string; assignment: Buffer }>): SyncResult | Promise<SyncResult> {
    const group = this.groups.get(groupId);
    if (!group) return { errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: Buffer.alloc(0) };
    group.noteConnection(memberId, connectionId);
    return group.sync(generationId, memberId, assignments);
  }

  heartbeat(groupId: string, generationId: number, memberId: string, connectionId: number): number {
    const group = this.groups.get(groupId);
    if (!group) return ErrorCode.UNKNOWN_MEMBER_ID;
    group.noteConnection(memberId, connectionId);
    return group.heartbeat(generationId, memberId);
  }

  leave(groupId: string, memberId: string): number {
    return this.groups.get(groupId)?.leave(memberId) ?? ErrorCode.UNKNOWN_MEMBER_ID;
  }

  /** One error for the whole request, as the Kafka coordinator does: the checks are per group. */
  commit(groupId: string, generationId: number, memberId: string, entries: OffsetCommitEntry[]): number {
    if (!groupId) return ErrorCode.INVALID_GROUP_ID;
    const group = this.groups.get(groupId);
    const error = group ? group.checkCommit(generationId, memberId) : ErrorCode.NONE;
    if (error === ErrorCode.NONE) this.offsets.commit(groupId, entries);
    return error;
  }

  committed(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.offsets.get(groupId, topic, partition);
  }

  /** Kafka answers for unknown groups too, with state Dead and no error. */
  describe(groupId: string): GroupDescription {
    const group = this.groups.get(groupId);
    if (group) return group.describe();
    const known = this.offsets.groupIds().includes(groupId);
    return { state: known ? 'Empty' : 'Dead', protocolType: known ? 'consumer' : '', protocol: '', members: [] };
  }

  list(): Array<{ groupId: string; protocolType: string }> {
    const ids = new Set([...this.groups.keys(), ...this.offsets.groupIds()]);
    return [...ids].map((groupId) => ({ groupId, protocolType: this.groups.get(groupId)?.protocolType || 'consumer' }));
  }

  delete(groupId: string): number {
    const group = this.groups.get(groupId);
    if (group && group.members.size > 0) return ErrorCode.NON_EMPTY_GROUP;
    if (!group && !this.offsets.groupIds().includes(groupId)) return ErrorCode.GROUP_ID_NOT_FOUND;
    group?.close();
    this.groups.delete(groupId);
    this.offsets.deleteGroup(groupId);
    return ErrorCode.NONE;
  }

  connectionClosed(connectionId: number): void {
    for (const group of this.groups.values()) group.connectionClosed(connectionId);
  }

  close(): void {
    for (const group of this.groups.values()) group.close();
    this.groups.clear();
  }
}
