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
 * the comparator here, the Elasticsearch sort and "ranked before" query
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
