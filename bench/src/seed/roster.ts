/**
 * The synthetic federation every scenario seeds: `divisions` divisions of
 * `athletesPerDivision` athletes, and matches numbered n = 0, 1, 2... that map to
 * deterministic ids and corners, so the HTTP load can address match n without asking the
 * database. The same mapping is written in SQL (`matchSelectSql`) for bulk seeding.
 */
export interface Roster {
  divisions: number;
  athletesPerDivision: number;
}

const FIRST = [
  'José',
  'Ana',
  'João',
  'Zoë',
  'Renée',
  'Luís',
  'Mariana',
  'Kenji',
  'Aïsha',
  'Björn',
  'Chloé',
  'Mateo',
  'Inês',
  'Dmitri',
  'Søren',
  'Amara',
];
const LAST = [
  'Álvarez',
  'Silva',
  'Nakamura',
  'Müller',
  'Dubois',
  'Okafor',
  'García',
  'Kowalski',
  'Andersson',
  'Ferreira',
  'Núñez',
  'Ivanova',
  'Lefèvre',
  'Haddad',
];
export const WEIGHT_CLASSES = ['flyweight', 'bantamweight', 'featherweight', 'lightweight', 'welterweight'];
const COUNTRIES = ['BR', 'US', 'JP', 'FR', 'SE', 'NG', 'MX', 'PT'];
const METHODS = ['KO', 'TKO', 'SUBMISSION', 'DECISION', 'DQ', 'DRAW'] as const;

export const divisionId = (d: number) => `bench-d${d}`;
export const athleteId = (d: number, a: number) => `bench-d${d}-a${a}`;

export function athleteBody(roster: Roster, d: number, a: number) {
  const i = d * roster.athletesPerDivision + a;
  return {
    id: athleteId(d, a),
    name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7 + d) % LAST.length]} ${a}`,
    divisionId: divisionId(d),
    weightClass: WEIGHT_CLASSES[a % WEIGHT_CLASSES.length],
    country: COUNTRIES[i % COUNTRIES.length],
  };
}

/** `prefix` (8 hex digits) names a pool, so several pools of matches never collide. */
export function matchId(prefix: string, n: number): string {
  return `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export interface MatchCorners {
  divisionId: string;
  redAthleteId: string;
  blueAthleteId: string;
}

/** Two different athletes of one division; the pairings vary as n grows. */
export function matchCorners(roster: Roster, n: number): MatchCorners {
  const { divisions: D, athletesPerDivision: A } = roster;
  const d = n % D;
  const k = Math.floor(n / D);
  const red = k % A;
  const blue = (k + 1 + (Math.floor(k / A) % (A - 1))) % A;
  return { divisionId: divisionId(d), redAthleteId: athleteId(d, red), blueAthleteId: athleteId(d, blue) };
}

/** A valid result body for match n: red wins, every sixth is a draw. */
export function resultBody(roster: Roster, n: number, baseTime = Date.UTC(2026, 0, 1)): string {
  const corners = matchCorners(roster, n);
  const method = METHODS[n % METHODS.length];
  return JSON.stringify({
    winnerId: method === 'DRAW' ? null : corners.redAthleteId,
    method,
    completedAt: new Date(baseTime + n * 1000).toISOString(),
  });
}

/**
 * SELECT producing the rows of `matches` for n in [$1, $2], identical to `matchId` and
 * `matchCorners` (integer division in SQL is the Math.floor above for n ≥ 0).
 */
export function matchSelectSql(roster: Roster, prefix: string): string {
  const { divisions: D, athletesPerDivision: A } = roster;
  if (!/^[0-9a-f]{8}$/.test(prefix)) throw new Error(`match id prefix must be 8 hex digits, got ${prefix}`);
  const k = `(n / ${D})`;
  return `
    SELECT ('${prefix}-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid AS id,
           'bench-d' || (n % ${D}) AS division_id,
           'bench-d' || (n % ${D}) || '-a' || (${k} % ${A}) AS red_athlete_id,
           'bench-d' || (n % ${D}) || '-a' || ((${k} + 1 + (${k} / ${A}) % ${A - 1}) % ${A}) AS blue_athlete_id,
           n
      FROM generate_series($1::bigint, $2::bigint) AS n`;
}
