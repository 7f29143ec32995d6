import { isUUID } from 'class-validator';
import { ResourceNotFoundError } from '../domain/command-errors';
import type { MatchCorners } from '../domain/match-result';

/**
 * Match ids are UUIDs; anything else names no match (404) and never reaches Postgres,
 * which would reject it as malformed input rather than answer "not found".
 */
export function matchIdFromPath(id: string): string {
  if (!isUUID(id)) throw new ResourceNotFoundError('match', id);
  return id.toLowerCase();
}

export interface MatchRow {
  divisionId: string;
  redAthleteId: string;
  blueAthleteId: string;
}

export function cornersOf(matchId: string, row: MatchRow): MatchCorners {
  return { matchId, divisionId: row.divisionId, redAthleteId: row.redAthleteId, blueAthleteId: row.blueAthleteId };
}

export const MATCH_COLUMNS = `m.division_id AS "divisionId", m.red_athlete_id AS "redAthleteId", m.blue_athlete_id AS "blueAthleteId"`;
