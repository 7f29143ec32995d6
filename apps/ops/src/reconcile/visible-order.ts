import type { Drift } from './drift';
import { sameValue } from './drift';

/** One line of a list users see (a rankings page, a leaderboard): its rank and what it shows. */
export interface VisibleEntry {
  rank: number;
  athleteId: string;
}

/**
 * What users see of one division, truth against observed, athlete by athlete: the rank
 * printed, the position in the list (the order), and every field the truth entry carries
 * (name, points, ...). Pure, so it stays the same when the stores' shapes change: the
 * adapters only have to hand over the list as served. An athlete listed twice counts as
 * extra once per surplus line. Keys read `<divisionId>/<athleteId>`.
 */
export function compareVisible(
  store: Drift['store'],
  model: string,
  divisionId: string,
  truth: readonly VisibleEntry[],
  observed: readonly VisibleEntry[],
): Drift[] {
  const drifts: Drift[] = [];
  const seen = new Map<string, { entry: VisibleEntry; position: number }>();
  observed.forEach((entry, i) => {
    if (seen.has(entry.athleteId)) drifts.push({ store, model, kind: 'extra', key: `${divisionId}/${entry.athleteId}`, actual: { position: i + 1, ...entry } });
    else seen.set(entry.athleteId, { entry, position: i + 1 });
  });
  const expectedIds = new Set<string>();
  for (const want of truth) {
    expectedIds.add(want.athleteId);
    const key = `${divisionId}/${want.athleteId}`;
    const have = seen.get(want.athleteId);
    if (!have) {
      drifts.push({ store, model, kind: 'missing', key, expected: want });
      continue;
    }
    const expected: Record<string, unknown> = { position: want.rank, ...want };
    const actual: Record<string, unknown> = { position: have.position, ...have.entry };
    const fields = Object.keys(expected).filter((f) => !sameValue(expected[f], actual[f]));
    if (fields.length > 0) drifts.push({ store, model, kind: 'different', key, fields, expected: pick(expected, fields), actual: pick(actual, fields) });
  }
  for (const [athleteId, { entry, position }] of seen) {
    if (!expectedIds.has(athleteId)) drifts.push({ store, model, kind: 'extra', key: `${divisionId}/${athleteId}`, actual: { position, ...entry } });
  }
  return drifts;
}

function pick(record: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, record[f] ?? null]));
}

/** The athlete a drift is about (athlete drifts are keyed by athlete, list drifts by division/athlete). */
export function athleteOf(drift: Drift): string | null {
  if (drift.model === 'athlete') return drift.key;
  const slash = drift.key.indexOf('/');
  return slash >= 0 ? drift.key.slice(slash + 1) : null;
}
