import { ConflictError } from './command-errors';
import { assertResultFitsMatch, MatchCorners, resultEventData, ResultValues, sameResult } from './match-result';
import { buildEvent, EventStamp } from './build-event';
import { applied, Change, replayed, ResultChanged } from './change';

export interface RecordResultInput extends ResultValues {
  matchId: string;
}

export interface RecordedResult extends ResultValues {
  recordedEventId: string;
}

/**
 * A match is completed once. Sending the stored result again is a replay answered with
 * the original event id; a different result is a conflict, because changing a result is
 * a correction (PUT) that consumers must see as such.
 */
export function decideRecordResult(
  command: RecordResultInput,
  match: MatchCorners & { result: RecordedResult | null },
  stamp: EventStamp,
): Change<ResultChanged> {
  assertResultFitsMatch(match, command);
  if (match.result) {
    if (sameResult(match.result, command)) return replayed({ matchId: match.matchId, eventId: match.result.recordedEventId });
    throw new ConflictError(`match ${match.matchId} already has a different result; use PUT to correct it`);
  }
  const event = matchCompletedEvent(match, command, stamp);
  return applied(event, { matchId: match.matchId, eventId: event.eventId });
}

/** The event of a first result: revision 1. */
export function matchCompletedEvent(match: MatchCorners, command: ResultValues, stamp: EventStamp) {
  return buildEvent('MatchCompleted', resultEventData(match, command, 1), stamp);
}
