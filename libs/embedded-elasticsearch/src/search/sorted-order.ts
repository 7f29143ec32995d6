import { SearchableSegment } from '../store/searchable-segment';
import { SortField, SortValue, compareKeys, sortValue } from './sort';

/**
 * A segment's visible documents in the order of one sort spec (a doc-values sort, kept
 * per searcher generation as Lucene keeps an index sort): `place[num]` is a document's
 * position in that order, ties broken by doc number as the search's own tie-break does.
 * A search then ranks its matches by comparing two integers instead of each match's
 * sort values, and reads the stored sort values of the hits it returns.
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
  /** Sort values by doc number (visible documents only). */
  readonly keys: ReadonlyArray<SortValue[] | undefined>;
}

interface Cached extends SortedOrder {
  generation: number;
  visibleUpTo: number;
  /** Kept so a merge compares without recomputing them. */
  keys: Array<SortValue[] | undefined>;
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
  const { nums, keys } = incremental ? mergeNew(segment, sort, previous) : sortAll(segment, sort);
  const order: Cached = { nums, keys, place: placesOf(nums, segment.visibleUpTo), generation: segment.generation, visibleUpTo: segment.visibleUpTo };
  orders.set(key, order);
  return order;
}

function specKey(sort: SortField[]): string {
  return JSON.stringify(sort.map((s) => [s.kind, s.field, s.desc, s.missing, s.mode, s.def?.type ?? null]));
}

function sortAll(segment: SearchableSegment, sort: SortField[]): Pick<Cached, 'nums' | 'keys'> {
  const keys: Cached['keys'] = [];
  const nums: number[] = [];
  for (let num = 0; num < segment.visibleUpTo; num++) {
    if (!segment.isVisible(num)) continue;
    nums.push(num);
    keys[num] = keysOf(segment, sort, num);
  }
  return { nums: Int32Array.from(sortByKeys(sort, nums, keys)), keys };
}

/**
 * The previous order without the documents gone since, merged with the new ones sorted
 * alone. Numbers are stable between compactions, so the previous keys are reused (the
 * previous order is replaced by this one: its key table is taken over, not copied).
 */
function mergeNew(segment: SearchableSegment, sort: SortField[], previous: Cached): Pick<Cached, 'nums' | 'keys'> {
  const keys = previous.keys;
  const added: number[] = [];
  for (let num = previous.visibleUpTo; num < segment.visibleUpTo; num++) {
    if (!segment.isVisible(num)) continue;
    added.push(num);
    keys[num] = keysOf(segment, sort, num);
  }
  const fresh = sortByKeys(sort, added, keys);
  const out = new Int32Array(previous.nums.length + fresh.length);
  let n = 0;
  let j = 0;
  for (const num of previous.nums) {
    if (!segment.isVisible(num)) {
      keys[num] = undefined;
      continue;
    }
    // An added document has a higher number than every older one: on equal keys it goes after.
    while (j < fresh.length && compareKeys(sort, keys[fresh[j]]!, keys[num]!) < 0) out[n++] = fresh[j++];
    out[n++] = num;
  }
  while (j < fresh.length) out[n++] = fresh[j++];
  return { nums: out.subarray(0, n), keys };
}

function sortByKeys(sort: SortField[], nums: number[], keys: Cached['keys']): number[] {
  return nums.sort((a, b) => compareKeys(sort, keys[a]!, keys[b]!) || a - b);
}

function keysOf(segment: SearchableSegment, sort: SortField[], num: number): SortValue[] {
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
export function firstPlaceAfter(order: SortedOrder, sort: SortField[], after: SortValue[]): number {
  const { keys } = order;
  let lo = 0;
  let hi = order.nums.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKeys(sort, keys[order.nums[mid]]!, after) > 0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
