import type { MatchMethod } from '@app/contracts';
import type { MatchCorners } from '../domain/match-result';
import type { MatchRow } from '../match-result/match-row';
import { type GuardedBatchStatement, storedValue } from '../persistence/outbox-writer';

/**
 * The whole of a batch in one statement (one round trip, one commit): the members (`input`,
 * several may name one match), the state of their matches (`state`, as the statement found
 * it), a result inserted for each match where `decideRecordResult` would record one (no
 * stored result, the winner one of the two athletes or none for a draw; the first such
 * member of a match wins), the MatchCompleted events of exactly those (their corners filled
 * from `corners`), and, as the answer, every match's state with the event id written.
 * Results are inserted in match id order, so two batches never wait on each other's rows
 * in opposite orders (deadlock); the outbox rows keep the members' arrival order.
 */
export const RECORD_RESULTS: Omit<GuardedBatchStatement, 'params'> = {
  name: 'record-result:record-many',
  with: `
    input AS (
      SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::uuid[])
             WITH ORDINALITY AS i(match_id, winner_id, method, completed_at, event_id, position)),
    state AS (
      SELECT m.id AS match_id, m.division_id, m.red_athlete_id, m.blue_athlete_id,
             r.winner_id, r.method, r.completed_at, r.recorded_event_id
        FROM matches m LEFT JOIN match_results r ON r.match_id = m.id
       WHERE m.id IN (SELECT match_id FROM input)),
    corners AS (
      SELECT i.event_id::text AS key, s.division_id, s.red_athlete_id, s.blue_athlete_id
        FROM input i JOIN state s USING (match_id))`,
  sql: `
    INSERT INTO match_results (match_id, winner_id, method, completed_at, revision, recorded_event_id, last_event_id)
    SELECT DISTINCT ON (i.match_id) i.match_id, i.winner_id, i.method, i.completed_at, 1, i.event_id, i.event_id
      FROM input i JOIN state s USING (match_id)
     WHERE s.recorded_event_id IS NULL
       AND CASE WHEN i.method = 'DRAW' THEN i.winner_id IS NULL
                ELSE i.winner_id IN (s.red_athlete_id, s.blue_athlete_id) END
     ORDER BY i.match_id, i.position
    ON CONFLICT (match_id) DO NOTHING
    RETURNING match_id, recorded_event_id::text AS key`,
  stored: { from: 'corners', columns: ['division_id', 'red_athlete_id', 'blue_athlete_id'] },
  select: `
    SELECT s.match_id::text AS "matchId", s.division_id AS "divisionId", s.red_athlete_id AS "redAthleteId",
           s.blue_athlete_id AS "blueAthleteId", s.winner_id AS "winnerId", s.method, s.completed_at AS "completedAt",
           s.recorded_event_id::text AS "recordedEventId", c.key AS "writtenEventId"
      FROM state s LEFT JOIN change c USING (match_id)`,
};

/** A member's event before the statement has read its match: the corners are filled in by the statement. */
export const storedCorners = (matchId: string): MatchCorners => ({
  matchId,
  divisionId: storedValue('division_id'),
  redAthleteId: storedValue('red_athlete_id'),
  blueAthleteId: storedValue('blue_athlete_id'),
});

export type StateRow = MatchRow & {
  matchId: string;
  winnerId: string | null;
  method: MatchMethod | null;
  completedAt: Date | null;
  recordedEventId: string | null;
  /** The event id of the member whose result this statement inserted, if any. */
  writtenEventId: string | null;
};
