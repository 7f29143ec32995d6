import type { MatchCorners } from '../domain/match-result';

/** The columns of a match a result is checked against, as read by both result use cases. */
export const MATCH_COLUMNS = `m.division_id AS "divisionId", m.red_athlete_id AS "redAthleteId", m.blue_athlete_id AS "blueAthleteId"`;

export interface MatchRow {
  divisionId: string;
  redAthleteId: string;
  blueAthleteId: string;
}

export function cornersOf(matchId: string, row: MatchRow): MatchCorners {
  return { matchId, divisionId: row.divisionId, redAthleteId: row.redAthleteId, blueAthleteId: row.blueAthleteId };
}
