import { RankedEntry, RankingEntry, RankingStats } from './ranking-entry';

/** The counters the division order compares (all whole numbers ≥ 0). */
export type OrderField = keyof Pick<RankingStats, 'points' | 'wins' | 'losses'>;
export type OrderDirection = 'asc' | 'desc';

export interface OrderRule {
  field: OrderField;
  direction: OrderDirection;
}

/**
 * CONTRACT §4 division order, the ONE declaration every store's order is generated from:
 * the comparator and sort key here, the Elasticsearch sort and "ranked before" query
 * (libs/search) and the Redis order-set score (libs/cache). The keys are compared in turn;
 * athleteId ascending (its bytes: ids are ASCII slugs) breaks every remaining tie, which
 * makes the order total. Changing a rule is one edit here; the order-agreement spec
 * (test/division-order-agreement.spec.ts) fails if any store disagrees.
 */
export const DIVISION_ORDER: readonly OrderRule[] = [
  { field: 'points', direction: 'desc' },
  { field: 'wins', direction: 'desc' },
  { field: 'losses', direction: 'asc' },
];

/** The tiebreak after every DIVISION_ORDER key: athleteId ascending. */
export const DIVISION_TIEBREAK = { field: 'athleteId', direction: 'asc' } as const;

/** What the division order reads from an entry. */
export type Ordered = Pick<RankingStats, OrderField> & { athleteId: string };

export function compareDivisionOrder(a: Ordered, b: Ordered): number {
  for (const { field, direction } of DIVISION_ORDER) {
    if (a[field] !== b[field]) return direction === 'asc' ? a[field] - b[field] : b[field] - a[field];
  }
  return a.athleteId < b.athleteId ? -1 : a.athleteId > b.athleteId ? 1 : 0;
}

/** The division's entries in order, with their 1-based rank. */
export function rankDivision(entries: RankingEntry[]): RankedEntry[] {
  return [...entries].sort(compareDivisionOrder).map((entry, i) => ({ rank: i + 1, ...entry }));
}

/** Fixed width of each number in a sort key; 10 digits hold any realistic record. */
const WIDTH = 10;
/** Largest counter a sort key orders correctly (a descending key is stored as CEILING - n). */
export const SORT_KEY_CEILING = 10 ** WIDTH - 1;

/**
 * A string whose byte order is the division order, for stores that sort by text (a Redis
 * sorted set with equal scores orders members lexicographically): one fixed-width number
 * per DIVISION_ORDER key, then the athlete id. Counters must lie in 0..SORT_KEY_CEILING.
 */
export function divisionSortKey(entry: Ordered): string {
  const pad = (n: number) => String(n).padStart(WIDTH, '0');
  const parts = DIVISION_ORDER.map(({ field, direction }) => pad(direction === 'asc' ? entry[field] : SORT_KEY_CEILING - entry[field]));
  return `${parts.join(':')}:${entry.athleteId}`;
}

/** The athlete id at the end of a `divisionSortKey`. */
export function athleteIdFromSortKey(key: string): string {
  return key.split(':').slice(DIVISION_ORDER.length).join(':');
}
