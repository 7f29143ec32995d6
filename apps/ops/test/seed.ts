import { Pool } from 'pg';

export interface SeedOptions {
  divisions: number;
  athletesPerDivision: number;
  matches: number;
  /** Share of results that were corrected once (revision 2). */
  correctedShare?: number;
}

/**
 * Fills the system of record directly with SQL (the write API would take minutes for a
 * million matches). Deterministic: athlete `d<i>-a<j>`, matches between two athletes of
 * one division, a draw every seventh match. Rows only, no outbox: a rebuild reads tables.
 */
export async function seedSystemOfRecord(url: string, options: SeedOptions): Promise<{ athletes: number; matches: number }> {
  const pool = new Pool({ connectionString: url, max: 1 });
  const { divisions, athletesPerDivision: per, matches, correctedShare = 0.05 } = options;
  try {
    await pool.query(
      `INSERT INTO divisions (id, name, created_event_id)
       SELECT 'd' || i, 'Division ' || i, gen_random_uuid() FROM generate_series(1, $1) i`,
      [divisions],
    );
    await pool.query(
      `INSERT INTO athletes (id, division_id, name, weight_class, country, revision, created_event_id)
       SELECT 'd' || d || '-a' || lpad(a::text, 6, '0'), 'd' || d, 'Athlete ' || d || ' ' || a,
              CASE WHEN a % 2 = 0 THEN 'lightweight' ELSE 'welterweight' END, 'BR', 1 + (a % 3), gen_random_uuid()
         FROM generate_series(1, $1) d, generate_series(1, $2) a`,
      [divisions, per],
    );
    // Match k: division 1 + k % divisions, red r, blue (r + 1 + k % (per - 1)) mod per: never the same athlete.
    await pool.query(
      `INSERT INTO matches (id, division_id, red_athlete_id, blue_athlete_id, created_event_id)
       SELECT md5('m' || k)::uuid, 'd' || (1 + k % $1),
              'd' || (1 + k % $1) || '-a' || lpad((1 + (k / $1) % $2)::text, 6, '0'),
              'd' || (1 + k % $1) || '-a' || lpad((1 + ((k / $1) % $2 + 1 + k % ($2 - 1)) % $2)::text, 6, '0'),
              gen_random_uuid()
         FROM generate_series(0, $3 - 1) k`,
      [divisions, per, matches],
    );
    await pool.query(
      `INSERT INTO match_results (match_id, winner_id, method, completed_at, revision, recorded_event_id, last_event_id)
       SELECT m.id,
              CASE WHEN k % 7 = 0 THEN NULL WHEN k % 2 = 0 THEN m.red_athlete_id ELSE m.blue_athlete_id END,
              CASE WHEN k % 7 = 0 THEN 'DRAW' ELSE 'DECISION' END,
              timestamptz '2026-01-01' + k * interval '1 minute',
              CASE WHEN random() < $2 THEN 2 ELSE 1 END, gen_random_uuid(), gen_random_uuid()
         FROM generate_series(0, $1 - 1) k JOIN matches m ON m.id = md5('m' || k)::uuid`,
      [matches, correctedShare],
    );
    await pool.query('ANALYZE');
    return { athletes: divisions * per, matches };
  } finally {
    await pool.end();
  }
}
