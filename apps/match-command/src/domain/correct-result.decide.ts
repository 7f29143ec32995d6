import { assertResultFitsMatch, MatchCorners, resultEventData, ResultValues, sameResult } from './match-result';
import { buildEvent, EventStamp } from './build-event';
import { applied, Change, replayed, ResultChanged } from './change';

export interface CorrectResultInput extends ResultValues {
  matchId: string;
}

export interface CurrentResult extends ResultValues {
  revision: number;
  lastEventId: string;
}

/**
 * A correction replaces the result and bumps its revision, so consumers can keep the
 * highest. Sending the current result again changes nothing: it answers 200 with the
 * event that produced the current result and writes no new event.
 */
export function decideCorrectResult(
  command: CorrectResultInput,
  match: MatchCorners & { result: CurrentResult },
  stamp: EventStamp,
): Change<ResultChanged> {
  assertResultFitsMatch(match, command);
  if (sameResult(match.result, command)) return replayed({ matchId: match.matchId, eventId: match.result.lastEventId });
  const event = buildEvent('MatchResultCorrected', resultEventData(match, command, match.result.revision + 1), stamp);
  return applied(event, { matchId: match.matchId, eventId: event.eventId });
}
