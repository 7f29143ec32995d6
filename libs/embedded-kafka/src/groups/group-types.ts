export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface GroupProtocol {
  name: string;
  metadata: Buffer;
}

export interface JoinRequest {
  memberId: string;
  groupInstanceId: string | null;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: GroupProtocol[];
  clientId: string;
  clientHost: string;
  connectionId: number;
}

export interface JoinResult {
  errorCode: number;
  generationId: number;
  protocolName: string | null;
  leaderId: string;
  memberId: string;
  /** Only the leader gets the member list (it runs the assignment). */
  members: Array<{ memberId: string; groupInstanceId: string | null; metadata: Buffer }>;
}

export interface SyncResult {
  errorCode: number;
  assignment: Buffer;
}

export interface MemberDescription {
  memberId: string;
  clientId: string;
  clientHost: string;
  metadata: Buffer;
  assignment: Buffer;
}

export interface GroupDescription {
  state: GroupState;
  protocolType: string;
  protocol: string;
  members: MemberDescription[];
}

/** Timing knobs, injectable so the state machine's tests run in milliseconds. */
export interface GroupTimings {
  /** How long a member whose every connection closed is kept before eviction. */
  deadConnectionGraceMs: number;
}
