/** Where a read model differs from what Postgres says it should hold. */
export interface Drift {
  store: 'elasticsearch' | 'redis';
  /** What was compared: `athlete`, `leaderboard`, `division-stats`. */
  model: string;
  kind: 'missing' | 'extra' | 'different';
  /** Athlete id or division id. */
  key: string;
  /** For `different`: the fields whose values differ. */
  fields?: string[];
  expected?: unknown;
  actual?: unknown;
}

type Comparable = Record<string, unknown>;

/**
 * Compares expected records (derived from Postgres) with stored ones, key by key and
 * field by field. Only the fields of the expected record are compared, so a store may
 * keep extra bookkeeping (its mergeable state, versions) without reading as drift.
 */
export function diffRecords(
  store: Drift['store'],
  model: string,
  expected: ReadonlyMap<string, Comparable | null>,
  actual: ReadonlyMap<string, Comparable | null>,
): Drift[] {
  const drifts: Drift[] = [];
  for (const [key, want] of expected) {
    const have = actual.get(key) ?? null;
    if (want === null) {
      if (have !== null) drifts.push({ store, model, kind: 'extra', key, actual: have });
      continue;
    }
    if (have === null) {
      drifts.push({ store, model, kind: 'missing', key, expected: want });
      continue;
    }
    const fields = Object.keys(want).filter((field) => !sameValue(want[field], have[field]));
    if (fields.length > 0) {
      drifts.push({ store, model, kind: 'different', key, fields, expected: pick(want, fields), actual: pick(have, fields) });
    }
  }
  for (const [key, have] of actual) {
    if (!expected.has(key) && have !== null) drifts.push({ store, model, kind: 'extra', key, actual: have });
  }
  return drifts;
}

/** Structural equality for JSON-shaped values (what every store hands back). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b || (a ?? null) === (b ?? null);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a as object);
  const keysB = Object.keys(b as object);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => sameValue((a as Comparable)[k], (b as Comparable)[k]));
}

function pick(record: Comparable, fields: string[]): Comparable {
  return Object.fromEntries(fields.map((f) => [f, record[f] ?? null]));
}

/** One line per drift, for humans. */
export function describeDrift(drift: Drift): string {
  const where = `${drift.store} ${drift.model} ${drift.key}`;
  if (drift.kind === 'missing') return `MISSING   ${where}`;
  if (drift.kind === 'extra') return `EXTRA     ${where} (not in Postgres)`;
  const changes = (drift.fields ?? []).map((f) => {
    const show = (v: unknown) => JSON.stringify((v as Comparable | undefined)?.[f] ?? null);
    return `${f}: stored ${show(drift.actual)}, expected ${show(drift.expected)}`;
  });
  return `DIFFERENT ${where}: ${changes.join('; ')}`;
}
