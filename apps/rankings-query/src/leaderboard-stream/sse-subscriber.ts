import type { ServerResponse } from 'node:http';
import type { LeaderboardSnapshot } from './leaderboard-snapshot';

/** A client's socket buffer beyond this means it stopped reading: drop it rather than hold memory for it. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * One open stream: the division and `top` it asked for, and the newest version it has,
 * so every version reaches it once, in order, whatever order the reads complete in.
 */
export class SseSubscriber {
  constructor(
    readonly divisionId: string,
    readonly top: number,
    /** From Last-Event-ID; -1 when the client has nothing yet. */
    public lastVersion: number,
    private readonly response: ServerResponse,
  ) {}

  /** Sends the snapshot if it is newer than what the client has; `frame` is its encoded event for this `top`. */
  deliver(snapshot: LeaderboardSnapshot, frame: () => Buffer): void {
    if (snapshot.version <= this.lastVersion) return;
    this.lastVersion = snapshot.version;
    this.write(frame());
  }

  /** A comment line: keeps proxies from closing an idle stream. */
  ping(): void {
    this.write(': ping\n\n');
  }

  end(): void {
    this.response.end();
  }

  private write(chunk: string | Buffer): void {
    if (this.response.writableLength > MAX_BUFFERED_BYTES) {
      this.response.destroy();
      return;
    }
    this.response.write(chunk);
  }
}
