/**
 * What can go wrong with a command, in the contract's terms. Handlers and decide
 * functions throw these; the API error filter is the one place that turns them into
 * HTTP statuses, so a rule's status code lives in exactly one spot.
 */
export abstract class CommandError extends Error {
  abstract readonly kind: 'invalid' | 'not-found' | 'unknown-reference' | 'unprocessable' | 'conflict';

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The body is well-formed but breaks a rule that needs no stored state (400). */
export class InvalidCommandError extends CommandError {
  readonly kind = 'invalid';
}

/** The resource named in the path does not exist (404). */
export class ResourceNotFoundError extends CommandError {
  readonly kind = 'not-found';

  constructor(resource: 'division' | 'athlete' | 'match', id: string) {
    super(`${resource} ${id} not found`);
  }
}

/** The body refers to something that does not exist (422). */
export class UnknownReferenceError extends CommandError {
  readonly kind = 'unknown-reference';

  constructor(field: string, resource: 'division' | 'athlete', id: string) {
    super(`${field}: ${resource} ${id} does not exist`);
  }
}

/** The body refers to existing things that do not fit together (422). */
export class UnprocessableCommandError extends CommandError {
  readonly kind = 'unprocessable';
}

/** The command contradicts what is already stored (409). */
export class ConflictError extends CommandError {
  readonly kind = 'conflict';
}
