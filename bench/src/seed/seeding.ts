import type { Pool } from 'pg';
import { BENCH_API_KEY } from '../harness/bench-stack';
import { expectStatus, forEachConcurrently, parseJson } from '../harness/http-client';
import { athleteBody, divisionId, matchCorners, matchId, matchSelectSql, Roster } from './roster';

export const authHeaders = { authorization: `Bearer ${BENCH_API_KEY}` };

/**
 * Divisions and athletes go through the write API, so their events flow through the
 * relay to the projectors exactly as in production. Returns the last event id per division.
 */
export async function seedRosterOverHttp(commandUrl: string, roster: Roster, concurrency = 32): Promise<string[]> {
  const lastEvent: string[] = [];
  await forEachConcurrently(
    Array.from({ length: roster.divisions }, (_, d) => d),
    concurrency,
    async (d) => {
      const response = await expectStatus('POST', `${commandUrl}/divisions`, [201], {
        body: { id: divisionId(d), name: `Bench division ${d}` },
        headers: authHeaders,
      });
      lastEvent[d] = parseJson<{ eventId: string }>(response).eventId;
    },
  );
  const athletes = Array.from({ length: roster.divisions * roster.athletesPerDivision }, (_, i) => i);
  await forEachConcurrently(athletes, concurrency, async (i) => {
    const d = Math.floor(i / roster.athletesPerDivision);
    const a = i % roster.athletesPerDivision;
    const response = await expectStatus('POST', `${commandUrl}/athletes`, [201], {
      body: athleteBody(roster, d, a),
      headers: authHeaders,
    });
    lastEvent[d] = parseJson<{ eventId: string }>(response).eventId;
  });
  return lastEvent;
}

/**
 * Scheduled matches n in [from, from + count) of one pool, inserted straight into
 * Postgres (tens of thousands per second instead of hundreds): the scenarios measure
 * result recording, not scheduling. No MatchScheduled events are written for them; the
 * result events carry both athletes, which is all the projectors need.
 */
export async function seedMatchesInSql(pool: Pool, roster: Roster, prefix: string, from: number, count: number): Promise<void> {
  const chunk = 100_000;
  for (let start = from; start < from + count; start += chunk) {
    const end = Math.min(from + count, start + chunk) - 1;
    await pool.query(
      `INSERT INTO matches (id, division_id, red_athlete_id, blue_athlete_id, scheduled_at, created_event_id)
       SELECT id, division_id, red_athlete_id, blue_athlete_id, now(), gen_random_uuid() FROM (${matchSelectSql(roster, prefix)}) s`,
      [start, end],
    );
  }
  await checkMapping(pool, roster, prefix, from + count - 1);
}

/** The SQL and TypeScript mappings must agree, or every result post would be a 422. */
async function checkMapping(pool: Pool, roster: Roster, prefix: string, n: number): Promise<void> {
  const { rows } = await pool.query<{ division_id: string; red_athlete_id: string; blue_athlete_id: string }>(
    'SELECT division_id, red_athlete_id, blue_athlete_id FROM matches WHERE id = $1',
    [matchId(prefix, n)],
  );
  const expected = matchCorners(roster, n);
  const got = rows[0];
  if (
    !got ||
    got.division_id !== expected.divisionId ||
    got.red_athlete_id !== expected.redAthleteId ||
    got.blue_athlete_id !== expected.blueAthleteId
  ) {
    throw new Error(
      `seeded match ${n} does not match the harness's mapping: ${JSON.stringify(got)} vs ${JSON.stringify(expected)}`,
    );
  }
}
