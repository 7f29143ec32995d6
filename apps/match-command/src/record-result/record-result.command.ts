import { ConflictError } from '../domain/command-errors';
import { assertResultFitsMatch, MatchCorners, resultEventData, ResultValues, sameResult } from '../domain/match-result';
import { buildEvent, EventStamp } from '../outbox/build-event';
import { applied, Change, replayed } from '../outbox/outbox-writer';

export interface RecordResultCommand extends ResultValues {
  matchId: string;
}

export interface RecordedResult extends ResultValues {
  recordedEventId: string;
}

export interface MatchResultResponse {
  matchId: string;
  eventId: string;
}

/**
 * A match is completed once. Sending the stored result again is a replay answered with
 * the original event id; a different result is a conflict, because changing a result is
 * a correction (PUT) that consumers must see as such.
 */
export function decideRecordResult(
  command: RecordResultCommand,
  match: MatchCorners & { result: RecordedResult | null },
  stamp: EventStamp,
): Change<MatchResultResponse> {
  assertResultFitsMatch(match, command);
  if (match.result) {
    if (sameResult(match.result, command)) return replayed({ matchId: match.matchId, eventId: match.result.recordedEventId });
    throw new ConflictError(`match ${match.matchId} already has a different result; use PUT to correct it`);
  }
  const event = buildEvent('MatchCompleted', resultEventData(match, command, 1), stamp);
  return applied(event, { matchId: match.matchId, eventId: event.eventId });
}
