import { GroupProtocol, JoinResult, SyncResult } from './group-types';

/** One consumer in a group, with whatever JoinGroup/SyncGroup call the broker is holding for it. */
export class Member {
  assignment: Buffer = Buffer.alloc(0);
  pendingJoin?: (result: JoinResult) => void;
  pendingSync?: (result: SyncResult) => void;
  sessionTimer?: NodeJS.Timeout;
  readonly connections = new Set<number>();
  /** Every connection it used has closed: evicted after a short grace unless it comes back. */
  dead = false;

  constructor(
    readonly id: string,
    public groupInstanceId: string | null,
    public clientId: string,
    public clientHost: string,
    public sessionTimeoutMs: number,
    public rebalanceTimeoutMs: number,
    public protocols: GroupProtocol[],
  ) {}

  metadataFor(protocol: string | null): Buffer {
    return this.protocols.find((p) => p.name === protocol)?.metadata ?? Buffer.alloc(0);
  }

  stopTimer(): void {
    if (this.sessionTimer) clearTimeout(this.sessionTimer);
    this.sessionTimer = undefined;
  }
}
