import type { AnyEvent } from '@app/contracts';

/**
 * What a command decided: either it changed state and there is an event describing the
 * change, or it was an idempotent replay that changes nothing and answers as before.
 */
export type Change<R> = { kind: 'applied'; event: AnyEvent; response: R } | { kind: 'replayed'; response: R };

export const applied = <R>(event: AnyEvent, response: R): Change<R> => ({ kind: 'applied', event, response });
export const replayed = <R>(response: R): Change<R> => ({ kind: 'replayed', response });

/** What a handler answers: the response, and whether it repeated a change already applied. */
export interface CommandResult<R> {
  response: R;
  /** True when nothing was written: the request repeated one already applied. */
  replayed: boolean;
}

/** Answer to creating or changing a division, athlete or match. */
export interface ResourceChanged {
  id: string;
  eventId: string;
}

/** Answer to recording or correcting a match result. */
export interface ResultChanged {
  matchId: string;
  eventId: string;
}
