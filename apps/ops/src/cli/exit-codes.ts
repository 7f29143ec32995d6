/**
 * Exit codes scripts and on-call rely on (CONTRACT §5 fixes 0 and, for reconcile, 1).
 * A failure is never 1, so `reconcile` can tell "drift found" from "could not check".
 */
export const EXIT = {
  ok: 0,
  /** reconcile: the read models differ from Postgres. */
  drift: 1,
  /** The command could not do its job (a store unreachable, verification failed, ...). */
  failed: 2,
  /** Refused: a confirmation flag is missing or the state does not allow it. */
  refused: 3,
  /** Bad arguments (EX_USAGE). */
  usage: 64,
  /** Bad configuration (EX_CONFIG, as loadConfigOrExit). */
  config: 78,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure with the reason an operator needs and the exit code it maps to. */
export class OpsError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.failed,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'OpsError';
  }
}

export class RefusedError extends OpsError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.refused, hint);
    this.name = 'RefusedError';
  }
}
