import type { Pool } from 'pg';
import { AthleteState, emptyAthleteState, matchOutcomeFor, MatchResultRecord, MatchOutcome } from '@app/rankings';

/**
 * One statement per batch reads the athletes and every completed match of each of them
 * (latest result revision), aggregated per athlete: no N+1, and a single statement is
 * one consistent snapshot for the whole batch. Results come as compact JSON arrays:
 * [matchId, redAthleteId, blueAthleteId, winnerId, completedAtMs, revision].
 */
const SELECT_ATHLETES = `
  SELECT a.id, a.division_id, a.name, a.weight_class, a.country, a.revision,
    COALESCE((
      SELECT json_agg(json_build_array(m.id, m.red_athlete_id, m.blue_athlete_id, r.winner_id,
                                       (extract(epoch FROM r.completed_at) * 1000)::bigint, r.revision))
        FROM matches m JOIN match_results r ON r.match_id = m.id
       WHERE m.red_athlete_id = a.id OR m.blue_athlete_id = a.id
    ), '[]'::json) AS results
  FROM athletes a`;

type ResultTuple = [string, string, string, string | null, number, number];

interface AthleteRow {
  id: string;
  division_id: string;
  name: string;
  weight_class: string;
  country: string;
  revision: number;
  results: ResultTuple[];
}

/** The next `limit` athletes after `after` in id order (keyset, never OFFSET). */
export async function selectAthletesAfter(pool: Pool, after: string | null, limit: number): Promise<AthleteState[]> {
  const { rows } = await pool.query<AthleteRow>(
    `${SELECT_ATHLETES} WHERE ($1::text IS NULL OR a.id > $1) ORDER BY a.id LIMIT $2`,
    [after, limit],
  );
  return rows.map(toAthleteState);
}

/** The given athletes' current states (absent ids are simply not returned). */
export async function selectAthletes(pool: Pool, ids: string[]): Promise<AthleteState[]> {
  if (ids.length === 0) return [];
  const { rows } = await pool.query<AthleteRow>(`${SELECT_ATHLETES} WHERE a.id = ANY($1::text[]) ORDER BY a.id`, [ids]);
  return rows.map(toAthleteState);
}

export async function countAthletes(pool: Pool, after: string | null = null): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM athletes WHERE ($1::text IS NULL OR id > $1)`, [after]);
  return Number(rows[0]?.n ?? 0);
}

/**
 * The athlete's state as the system of record has it. The per-match outcome comes from
 * the ranking rules (`matchOutcomeFor`); the state is assembled in one step rather than
 * merged match by match, which would copy the match map once per match.
 */
function toAthleteState(row: AthleteRow): AthleteState {
  const matches: Record<string, MatchOutcome> = {};
  for (const [matchId, redAthleteId, blueAthleteId, winnerId, completedAtMs, revision] of row.results) {
    const record: MatchResultRecord = {
      matchId,
      redAthleteId,
      blueAthleteId,
      winnerId,
      completedAt: new Date(Number(completedAtMs)).toISOString(),
      revision,
    };
    const outcome = matchOutcomeFor(row.id, record);
    if (outcome) matches[matchId] = outcome;
  }
  const profile = { name: row.name, weightClass: row.weight_class, country: row.country, revision: row.revision };
  return { ...emptyAthleteState(row.id, row.division_id), profile, matches };
}
