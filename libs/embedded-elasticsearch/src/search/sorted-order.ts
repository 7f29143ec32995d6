import { SearchableSegment } from '../store/searchable-segment';
import { SortField, SortValue, compareKeys, sortValue } from './sort';

/**
 * A segment's visible documents in the order of one sort spec (a doc-values sort, kept
 * per searcher generation as Lucene keeps an index sort): `place[num]` is a document's
 * position in that order, ties broken by doc number as the search's own tie-break does.
 * A search then ranks its matches by comparing two integers instead of each match's
 * sort values, and computes sort values only for the hits it returns.
 *
 * Built on the first search after a refresh and reused by every search until the next
 * one; a refresh that only added and removed documents updates the previous order in one
 * merge (the new documents sorted alone), a compaction (renumbering) rebuilds it.
 */
export interface SortedOrder {
  /** Doc numbers of the visible documents, in order. */
  readonly nums: Int32Array;
  /** Position in `nums` by doc number; -1 for a number not visible in this generation. */
  readonly place: Int32Array;
}

interface Cached extends SortedOrder {
  generation: number;
  visibleUpTo: number;
}

/** Per segment, per sort spec: the order of the generation it was built for. */
const cache = new WeakMap<SearchableSegment, Map<string, Cached>>();

/** Only sorts on stored values have an order independent of the query. */
export function hasStaticOrder(sort: SortField[]): boolean {
  return sort.every((s) => s.kind !== 'score');
}

export function sortedOrder(segment: SearchableSegment, sort: SortField[]): SortedOrder {
  let orders = cache.get(segment);
  if (!orders) cache.set(segment, (orders = new Map()));
  const key = specKey(sort);
  const previous = orders.get(key);
  if (previous?.generation === segment.generation) return previous;
  const incremental = previous !== undefined && previous.generation >= segment.renumberedAt;
  const nums = incremental ? mergeNew(segment, sort, previous) : sortAll(segment, sort);
  const order: Cached = { nums, place: placesOf(nums, segment.visibleUpTo), generation: segment.generation, visibleUpTo: segment.visibleUpTo };
  orders.set(key, order);
  return order;
}

function specKey(sort: SortField[]): string {
  return JSON.stringify(sort.map((s) => [s.kind, s.field, s.desc, s.missing, s.mode, s.def?.type ?? null]));
}

function sortAll(segment: SearchableSegment, sort: SortField[]): Int32Array {
  const nums: number[] = [];
  for (let num = 0; num < segment.visibleUpTo; num++) if (segment.isVisible(num)) nums.push(num);
  return Int32Array.from(sortByKeys(segment, sort, nums));
}

/** The previous order without the documents gone since, merged with the new ones sorted alone. */
function mergeNew(segment: SearchableSegment, sort: SortField[], previous: Cached): Int32Array {
  const added: number[] = [];
  for (let num = previous.visibleUpTo; num < segment.visibleUpTo; num++) if (segment.isVisible(num)) added.push(num);
  const fresh = sortByKeys(segment, sort, added);
  const keysOf = (num: number) => keys(segment, sort, num);
  const out: number[] = [];
  let j = 0;
  let freshKeys = j < fresh.length ? keysOf(fresh[j]) : null;
  for (const num of previous.nums) {
    if (!segment.isVisible(num)) continue;
    if (freshKeys) {
      const own = keysOf(num);
      // An added document has a higher number than every older one: on equal keys it goes after.
      while (freshKeys && compareKeys(sort, freshKeys, own) < 0) {
        out.push(fresh[j++]);
        freshKeys = j < fresh.length ? keysOf(fresh[j]) : null;
      }
    }
    out.push(num);
  }
  while (j < fresh.length) out.push(fresh[j++]);
  return Int32Array.from(out);
}

function sortByKeys(segment: SearchableSegment, sort: SortField[], nums: number[]): number[] {
  const keyed = nums.map((num) => ({ num, keys: keys(segment, sort, num) }));
  keyed.sort((a, b) => compareKeys(sort, a.keys, b.keys) || a.num - b.num);
  return keyed.map((k) => k.num);
}

function keys(segment: SearchableSegment, sort: SortField[], num: number): SortValue[] {
  const doc = segment.docs[num]!;
  return sort.map((s) => sortValue(s, doc, 0));
}

function placesOf(nums: Int32Array, size: number): Int32Array {
  const place = new Int32Array(size).fill(-1);
  for (let i = 0; i < nums.length; i++) place[nums[i]] = i;
  return place;
}

/**
 * The first position whose document sorts strictly after `after` (search_after: documents
 * tying with the given values are skipped, as in ES), by binary search over the order.
 */
export function firstPlaceAfter(segment: SearchableSegment, sort: SortField[], order: SortedOrder, after: SortValue[]): number {
  let lo = 0;
  let hi = order.nums.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKeys(sort, keys(segment, sort, order.nums[mid]), after) > 0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
