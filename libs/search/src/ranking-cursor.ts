import { DIVISION_ORDER, Ordered } from '@app/rankings';

/**
 * The opaque `cursor` of GET /rankings: the sort values of the last item served
 * (Elasticsearch search_after) and how many items were served before, which is the
 * division rank offset when no filter narrows the list.
 */
export interface RankingCursor {
  after: Array<string | number>;
  served: number;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not a cursor this API returned');
    this.name = 'InvalidCursorError';
  }
}

export function encodeCursor(cursor: RankingCursor): string {
  return Buffer.from(JSON.stringify([cursor.after, cursor.served]), 'utf8').toString('base64url');
}

export function decodeCursor(text: string): RankingCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new InvalidCursorError();
  const [after, served] = parsed as [unknown, unknown];
  // One number per DIVISION_ORDER key, then the athlete id (the DIVISION_SORT values).
  const keys = DIVISION_ORDER.length;
  const validAfter =
    Array.isArray(after) && after.length === keys + 1 && after.slice(0, keys).every((v) => typeof v === 'number') && typeof after[keys] === 'string';
  if (!validAfter || typeof served !== 'number' || !Number.isInteger(served) || served < 0) throw new InvalidCursorError();
  return { after: after as Array<string | number>, served };
}

/** The values a cursor carries for `entry`: one per DIVISION_ORDER key, then the athlete id (DIVISION_SORT's order). */
export function sortValuesOf(entry: Ordered): Array<string | number> {
  return [...DIVISION_ORDER.map(({ field }) => entry[field]), entry.athleteId];
}

/** The athlete a decoded cursor's values stand for (the inverse of sortValuesOf). */
export function placeOf(cursor: RankingCursor): Ordered {
  const place = { athleteId: String(cursor.after[DIVISION_ORDER.length]) } as Ordered;
  DIVISION_ORDER.forEach(({ field }, i) => (place[field] = Number(cursor.after[i])));
  return place;
}
