import { DIVISION_ORDER, DIVISION_TIEBREAK, Ordered } from '@app/rankings';

type SortDirection = 'asc' | 'desc';
/** The division order's keys and tiebreak, as Elasticsearch fields. */
const KEYS: ReadonlyArray<{ field: string; direction: SortDirection }> = [...DIVISION_ORDER, DIVISION_TIEBREAK];

/**
 * Division order as an Elasticsearch sort, generated from DIVISION_ORDER; the athleteId
 * tiebreak (a keyword: ES orders it bytewise) makes it total, so `search_after` pages
 * neither skip nor repeat an athlete.
 */
export const DIVISION_SORT: ReadonlyArray<Record<string, SortDirection>> = KEYS.map(({ field, direction }) => ({ [field]: direction }));

/**
 * A query for the documents ranked before `doc` in division order (without the division
 * filter): the lexicographic "tuple before" over the order's keys, one clause per key,
 * generated from DIVISION_ORDER: equal on every earlier key, strictly before on this one.
 */
export function rankedBefore(doc: Ordered): object {
  const value = (field: string): string | number => doc[field as keyof Ordered];
  const should = KEYS.map(({ field, direction }, i) => {
    const strictly = { range: { [field]: { [direction === 'desc' ? 'gt' : 'lt']: value(field) } } };
    if (i === 0) return strictly;
    const equalBefore = KEYS.slice(0, i).map((earlier) => ({ term: { [earlier.field]: value(earlier.field) } }));
    return { bool: { filter: [...equalBefore, strictly] } };
  });
  return { bool: { minimum_should_match: 1, should } };
}
