/**
 * A component the scenario needs is missing or does not start (a service not built yet,
 * a tool not installed). The scenario stops with this message and no figures.
 */
export class UnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnavailableError';
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
