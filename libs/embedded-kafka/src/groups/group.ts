import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../protocol/error-codes';
import { Logger } from '../logger';
import { GroupDescription, GroupState, GroupTimings, JoinRequest, JoinResult, SyncResult } from './group-types';
import { Member } from './member';

const EMPTY = Buffer.alloc(0);
/** Kafka's group.max.session.timeout.ms default; also keeps timers inside setTimeout's range. */
const MAX_TIMEOUT_MS = 30 * 60 * 1000;

const joinError = (errorCode: number, memberId: string): JoinResult => ({
  errorCode,
  generationId: -1,
  protocolName: null,
  leaderId: '',
  memberId,
  members: [],
});

/**
 * One consumer group's membership state machine, after kfake and the Kafka coordinator:
 * Empty -> PreparingRebalance -> CompletingRebalance -> Stable. A rebalance completes the
 * moment every known member has rejoined (no initial delay), or at the rebalance timeout
 * with the laggards dropped. The client leader computes assignments; the broker only
 * relays them through SyncGroup.
 */
export class Group {
  state: GroupState = 'Empty';
  generation = 0;
  protocolType = '';
  protocol: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, Member>();
  /** Ids handed out with MEMBER_ID_REQUIRED, valid until the session timeout. */
  private readonly pendingIds = new Map<string, NodeJS.Timeout>();
  private rebalanceTimer?: NodeJS.Timeout;

  constructor(
    readonly id: string,
    private readonly timings: GroupTimings,
    private readonly logger: Logger,
  ) {}

  join(req: JoinRequest): JoinResult | Promise<JoinResult> {
    // Kafka checks the session timeout only (its floor is 6 s, group.min.session.timeout.ms; ours
    // is 1 ms so tests can be quick). A rebalance timeout of 0 is legal: kafkajs's helpers send it.
    if (req.sessionTimeoutMs < 1 || req.sessionTimeoutMs > MAX_TIMEOUT_MS) {
      return joinError(ErrorCode.INVALID_SESSION_TIMEOUT, req.memberId);
    }
    req = { ...req, rebalanceTimeoutMs: Math.min(Math.max(req.rebalanceTimeoutMs, 0), MAX_TIMEOUT_MS) };
    if (this.members.size > 0 && (req.protocolType !== this.protocolType || !this.sharesAProtocol(req))) {
      return joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, req.memberId);
    }
    if (req.memberId === '') {
      // JoinGroup v4+: hand out an id and make the client come back with it, so a client
      // that times out and retries does not leave ghost members behind.
      const id = `${req.clientId}-${randomUUID()}`;
      this.pendingIds.set(id, setTimeout(() => this.pendingIds.delete(id), req.sessionTimeoutMs).unref());
      return joinError(ErrorCode.MEMBER_ID_REQUIRED, id);
    }
    let member = this.members.get(req.memberId);
    if (!member) {
      const pending = this.pendingIds.get(req.memberId);
      if (!pending) return joinError(ErrorCode.UNKNOWN_MEMBER_ID, req.memberId);
      clearTimeout(pending);
      this.pendingIds.delete(req.memberId);
      member = new Member(req.memberId, req.groupInstanceId, req.clientId, req.clientHost, req.sessionTimeoutMs, req.rebalanceTimeoutMs, req.protocols);
      this.members.set(member.id, member);
    }
    Object.assign(member, { sessionTimeoutMs: req.sessionTimeoutMs, rebalanceTimeoutMs: req.rebalanceTimeoutMs, protocols: req.protocols });
    this.noteConnection(member.id, req.connectionId);
    member.stopTimer(); // it is waiting on us now; the rebalance timeout covers it
    member.pendingJoin?.(joinError(ErrorCode.REBALANCE_IN_PROGRESS, member.id));
    this.protocolType = req.protocolType;
    const joining = member;
    return new Promise<JoinResult>((resolve) => {
      joining.pendingJoin = resolve;
      this.prepareRebalance(`member ${joining.id} joined`);
      this.completeJoinIfAllRejoined();
    });
  }

  sync(generationId: number, memberId: string, assignments: Array<{ memberId: string; assignment: Buffer }>): SyncResult | Promise<SyncResult> {
    const member = this.members.get(memberId);
    if (!member) return { errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY };
    if (generationId !== this.generation) return { errorCode: ErrorCode.ILLEGAL_GENERATION, assignment: EMPTY };
    this.startSessionTimer(member);
    if (this.state === 'Stable') return { errorCode: ErrorCode.NONE, assignment: member.assignment };
    if (this.state !== 'CompletingRebalance') return { errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY };
    if (memberId !== this.leaderId) {
      member.pendingSync?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
      return new Promise<SyncResult>((resolve) => (member.pendingSync = resolve));
    }
    for (const a of assignments) {
      const target = this.members.get(a.memberId);
      if (target) target.assignment = Buffer.from(a.assignment);
    }
    this.state = 'Stable';
    this.logger.debug({ group: this.id, generation: this.generation }, 'group stable');
    for (const m of this.members.values()) {
      m.pendingSync?.({ errorCode: ErrorCode.NONE, assignment: m.assignment });
      m.pendingSync = undefined;
    }
    return { errorCode: ErrorCode.NONE, assignment: member.assignment };
  }

  heartbeat(generationId: number, memberId: string): number {
    const member = this.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== this.generation) return ErrorCode.ILLEGAL_GENERATION;
    if (!member.pendingJoin) this.startSessionTimer(member);
    return this.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  leave(memberId: string): number {
    const member = this.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.removeMember(member, 'left the group');
    return ErrorCode.NONE;
  }

  /** Validates an OffsetCommit the way the Kafka coordinator does; NONE means commit. */
  checkCommit(generationId: number, memberId: string): number {
    if (generationId < 0 && this.members.size === 0) return ErrorCode.NONE; // admin / simple commit
    if (this.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    const member = this.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== this.generation) return ErrorCode.ILLEGAL_GENERATION;
    if (!member.pendingJoin) this.startSessionTimer(member);
    return ErrorCode.NONE;
  }

  /**
   * A connection closed. A member none of whose connections remain is evicted after a
   * short grace instead of its full session timeout: a crashed consumer then no longer
   * stalls the rebalance for the survivors (documented deviation from Kafka).
   */
  connectionClosed(connectionId: number): void {
    for (const member of [...this.members.values()]) {
      if (!member.connections.delete(connectionId) || member.connections.size > 0) continue;
      member.stopTimer();
      member.dead = true;
      const grace = Math.min(member.sessionTimeoutMs, this.timings.deadConnectionGraceMs);
      member.sessionTimer = setTimeout(() => this.removeMember(member, 'all its connections closed'), grace).unref();
    }
  }

  noteConnection(memberId: string, connectionId: number): void {
    const member = this.members.get(memberId);
    if (!member) return;
    member.connections.add(connectionId);
    member.dead = false;
  }

  describe(): GroupDescription {
    const members = [...this.members.values()].map((m) => ({
      memberId: m.id,
      clientId: m.clientId,
      clientHost: m.clientHost,
      metadata: m.metadataFor(this.protocol),
      assignment: m.assignment,
    }));
    return { state: this.state, protocolType: this.protocolType, protocol: this.state === 'Stable' ? (this.protocol ?? '') : '', members };
  }

  close(): void {
    if (this.rebalanceTimer) clearTimeout(this.rebalanceTimer);
    for (const t of this.pendingIds.values()) clearTimeout(t);
    for (const m of this.members.values()) m.stopTimer();
  }

  private sharesAProtocol(req: JoinRequest): boolean {
    return req.protocols.some((p) => [...this.members.values()].every((m) => m.id === req.memberId || m.protocols.some((q) => q.name === p.name)));
  }

  private startSessionTimer(member: Member): void {
    // A member whose sockets all closed keeps its short eviction timer: a full session timeout
    // here would keep a dead leader in the group and stall everyone's SyncGroup behind it.
    if (member.dead) return;
    member.stopTimer();
    member.sessionTimer = setTimeout(() => this.removeMember(member, 'session timed out'), member.sessionTimeoutMs).unref();
  }

  private prepareRebalance(reason: string): void {
    if (this.state === 'PreparingRebalance') return;
    this.logger.debug({ group: this.id, generation: this.generation, reason }, 'rebalancing');
    for (const m of this.members.values()) {
      // A parked SyncGroup belongs to a generation that is now over.
      m.pendingSync?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
      m.pendingSync = undefined;
    }
    this.state = 'PreparingRebalance';
    const timeout = Math.max(0, ...[...this.members.values()].map((m) => m.rebalanceTimeoutMs));
    this.rebalanceTimer = setTimeout(() => this.completeJoin(), timeout).unref();
  }

  private completeJoinIfAllRejoined(): void {
    if (this.state !== 'PreparingRebalance') return;
    for (const m of this.members.values()) if (!m.pendingJoin) return;
    this.completeJoin();
  }

  private completeJoin(): void {
    if (this.rebalanceTimer) clearTimeout(this.rebalanceTimer);
    this.rebalanceTimer = undefined;
    for (const m of [...this.members.values()]) {
      if (!m.pendingJoin) this.dropMember(m, 'did not rejoin within the rebalance timeout');
      else if (m.dead) this.dropMember(m, 'its connections closed while it was rejoining');
    }
    this.generation++;
    if (this.members.size === 0) {
      this.becomeEmpty();
      return;
    }
    const members = [...this.members.values()];
    this.protocol = members[0].protocols.find((p) => members.every((m) => m.protocols.some((q) => q.name === p.name)))?.name ?? null;
    if (!this.leaderId || !this.members.has(this.leaderId)) this.leaderId = members[0].id;
    this.state = 'CompletingRebalance';
    const list = members.map((m) => ({ memberId: m.id, groupInstanceId: m.groupInstanceId, metadata: m.metadataFor(this.protocol) }));
    for (const m of members) {
      m.assignment = EMPTY;
      const reply = m.pendingJoin;
      m.pendingJoin = undefined;
      this.startSessionTimer(m);
      reply?.({ errorCode: ErrorCode.NONE, generationId: this.generation, protocolName: this.protocol, leaderId: this.leaderId, memberId: m.id, members: m.id === this.leaderId ? list : [] });
    }
  }

  private removeMember(member: Member, reason: string): void {
    if (this.members.get(member.id) !== member) return;
    this.dropMember(member, reason);
    if (this.members.size === 0) {
      if (this.rebalanceTimer) clearTimeout(this.rebalanceTimer);
      this.generation++;
      this.becomeEmpty();
      return;
    }
    this.prepareRebalance(`member ${member.id} ${reason}`);
    this.completeJoinIfAllRejoined();
  }

  private dropMember(member: Member, reason: string): void {
    this.logger.info({ group: this.id, member: member.id, reason }, 'member removed');
    member.stopTimer();
    member.pendingJoin?.(joinError(ErrorCode.UNKNOWN_MEMBER_ID, member.id));
    member.pendingSync?.({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    this.members.delete(member.id);
    if (this.leaderId === member.id) this.leaderId = null;
  }

  private becomeEmpty(): void {
    this.state = 'Empty';
    this.protocol = null;
    this.leaderId = null;
  }
}
