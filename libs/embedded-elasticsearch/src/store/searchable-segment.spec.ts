import type { IndexedFields } from '../mapping/document-parser';
import { SearchableSegment } from './searchable-segment';

const fieldsOf = (terms: string[]): IndexedFields => new Map([['tags', { keys: terms, values: terms, length: terms.length }]]);
const stored = (id: string, version: number) => ({ id, source: { id }, version, seqNo: version, primaryTerm: 1 });

/** Replaces each of `ids` `rounds` times (add the new version, remove the old, refresh), as the index store does. */
function churn(segment: SearchableSegment, nums: Map<string, number>, ids: string[], rounds: number, terms: (id: string) => string[]) {
  let compactions = 0;
  for (let round = 0; round < rounds; round++) {
    for (const id of ids) {
      const old = nums.get(id);
      nums.set(id, segment.add(stored(id, round + 2), fieldsOf(terms(id))));
      if (old !== undefined) segment.remove(old);
    }
    const renumber = segment.refresh();
    if (renumber) {
      compactions++;
      for (const [id, num] of nums) nums.set(id, renumber(num));
    }
  }
  return compactions;
}

describe('SearchableSegment', () => {
  it('compacts once dead postings outnumber live ones, keeping every list exact and sorted', () => {
    const segment = new SearchableSegment();
    const nums = new Map<string, number>();
    const ids = Array.from({ length: 200 }, (_, i) => `d${i}`);
    // 100 terms per document: 20,000 live postings; each round of replacements kills 20,000.
    const terms = (id: string) => [id, ...Array.from({ length: 99 }, (_, t) => `t${t}`)];
    churn(segment, nums, ids, 1, terms);
    const compactions = churn(segment, nums, ids, 6, terms);
    // Compacted every second round (40,000 dead > 20,000 live), not at every refresh.
    expect(compactions).toBe(3);
    expect(segment.visibleCount).toBe(200);
    for (const id of ids) {
      expect(segment.postingsFor('tags', id)).toEqual([nums.get(id)]);
      expect(segment.isVisible(nums.get(id)!)).toBe(true);
    }
    const shared = segment.postingsFor('tags', 't7').filter((n) => segment.isVisible(n));
    expect(shared).toEqual([...nums.values()].sort((a, b) => a - b));
    expect(segment.fieldStats('tags')).toEqual({ docCount: 200, sumLength: 200 * 100 });
  });

  it('drops terms whose documents are all gone', () => {
    const segment = new SearchableSegment();
    const nums = new Map<string, number>();
    const ids = Array.from({ length: 300 }, (_, i) => `d${i}`);
    let calls = 0;
    // Every version of every document has terms of its own, so the old ones die with it.
    const fresh = (id: string) => {
      calls++;
      return Array.from({ length: 20 }, (_, t) => `${id}-${calls}-${t}`);
    };
    const compactions = churn(segment, nums, ids, 10, fresh);
    expect(compactions).toBeGreaterThan(0);
    // 6,000 live terms; never compacted, 60,000 would be listed. Dead ones are squeezed out
    // once they pass 10,000 postings (one each here), so at most that many more remain.
    expect(segment.termsOf('tags')!.size).toBeLessThanOrEqual(6_000 + 10_000 + 6_000);
    expect(segment.postingsFor('tags', 'd0-1-0')).toEqual([]); // d0's first version, long dead
  });
});
