import type { Pool } from 'pg';

export interface ExpectedLine {
  rank: number;
  athleteId: string;
  points: number;
}

/**
 * A division's ranking computed in SQL alone (CONTRACT §4: win 3, draw 1, loss 0; points
 * desc, wins desc, losses asc, athleteId asc), independent of libs/rankings, so a test
 * can check what ops and the stores agree on against a second derivation of the truth.
 */
export async function rankedFromPostgres(pool: Pool, divisionId: string): Promise<ExpectedLine[]> {
  const { rows } = await pool.query<{ athlete_id: string; points: number }>(
    `WITH outcomes AS (
       SELECT a.id AS athlete_id,
              count(*) FILTER (WHERE r.winner_id = a.id)::int AS wins,
              count(*) FILTER (WHERE r.winner_id IS NULL AND r.match_id IS NOT NULL)::int AS draws,
              count(*) FILTER (WHERE r.winner_id IS NOT NULL AND r.winner_id <> a.id)::int AS losses
         FROM athletes a
         LEFT JOIN matches m ON a.id IN (m.red_athlete_id, m.blue_athlete_id)
         LEFT JOIN match_results r ON r.match_id = m.id
        WHERE a.division_id = $1
        GROUP BY a.id)
     SELECT athlete_id, 3 * wins + draws AS points FROM outcomes
      ORDER BY 3 * wins + draws DESC, wins DESC, losses ASC, athlete_id COLLATE "C" ASC`,
    [divisionId],
  );
  return rows.map((row, i) => ({ rank: i + 1, athleteId: row.athlete_id, points: Number(row.points) }));
}
