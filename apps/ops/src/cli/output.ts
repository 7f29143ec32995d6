import { EXIT, ExitCode, OpsError } from './exit-codes';

/** What a command hands back: its exit code, a machine summary and the lines a human reads. */
export interface CommandOutcome<T extends object = object> {
  exitCode: ExitCode;
  summary: T;
  lines: string[];
}

export interface OutputStreams {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processStreams: OutputStreams = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * Human lines by default, one JSON document with `--json` (stdout stays parseable: the
 * progress bar and warnings go to stderr). Failures print their reason in both modes.
 */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly streams: OutputStreams = processStreams,
  ) {}

  outcome(command: string, outcome: CommandOutcome): void {
    if (this.json) {
      this.streams.stdout(`${JSON.stringify({ command, ok: outcome.exitCode === EXIT.ok, exitCode: outcome.exitCode, ...outcome.summary })}\n`);
      return;
    }
    for (const line of outcome.lines) this.streams.stdout(`${line}\n`);
  }

  failure(command: string, error: unknown): ExitCode {
    const exitCode = error instanceof OpsError ? error.exitCode : EXIT.failed;
    const reason = describeError(error);
    const hint = error instanceof OpsError ? error.hint : undefined;
    if (this.json) {
      this.streams.stdout(`${JSON.stringify({ command, ok: false, exitCode, error: reason, ...(hint ? { hint } : {}) })}\n`);
    }
    this.streams.stderr(`ops ${command} failed: ${reason}\n${hint ? `  hint: ${hint}\n` : ''}`);
    return exitCode;
  }

  /** Notes for the operator while a command runs; never on stdout, so --json stays clean. */
  note(text: string): void {
    this.streams.stderr(`${text}\n`);
  }
}

/** The reason an operator can act on, including the nested cause of driver errors. */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return `${error.message || 'several errors'}: ${error.errors.map(describeError).join('; ')}`;
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const base = error.message || error.name;
    return typeof code === 'string' && !base.includes(code) ? `${base} (${code})` : base;
  }
  return String(error);
}
