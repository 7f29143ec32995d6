import fc from 'fast-check';
import { ConformanceContext, ids } from './conformance-support';

/**
 * Differential property test: random query trees (bool with must/filter/should/must_not and
 * minimum_should_match, term, terms, range, exists, at any depth) over random documents,
 * evaluated by the server over HTTP and by the deliberately naive reference evaluator below.
 * Hits, totals and sort order must agree. The reference encodes Lucene's BooleanQuery rules
 * as ES 9 builds them (BoolQueryBuilder + Queries.calculateMinShouldMatch), nothing smarter.
 * Seeded, so a failure reproduces; fast-check shrinks it to a small query.
 */

type Scalar = string | number | null;
type Value = Scalar | Scalar[] | undefined;
interface Doc {
  id: string;
  k?: Value;
  n?: Value;
  m?: Value;
}
type Query = Record<string, unknown>;

const SEED = 20261127;
const DOC_SETS = 4;
const DOCS_PER_SET = 40;
const RUNS = 2500;
const KEYWORDS = ['a', 'b', 'c', 'd'];

// ---- documents ----
const maybeArray = <T extends Scalar>(arb: fc.Arbitrary<T>): fc.Arbitrary<Value> =>
  fc.oneof(
    { weight: 6, arbitrary: arb },
    { weight: 2, arbitrary: fc.array(fc.oneof({ weight: 5, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) }), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.constant(undefined) },
  );
const docArb = fc.record({
  k: maybeArray(fc.constantFrom(...KEYWORDS)),
  n: maybeArray(fc.integer({ min: -5, max: 5 })),
  m: maybeArray(fc.integer({ min: 0, max: 3 })),
});

// ---- queries ----
const numField = fc.constantFrom('n', 'm');
const termArb = fc.oneof(
  fc.record({ term: fc.record({ k: fc.constantFrom(...KEYWORDS, 'zz') }) }),
  numField.chain((f) => fc.integer({ min: -6, max: 6 }).map((v) => ({ term: { [f]: { value: v } } }))),
);
const termsArb = fc.oneof(
  fc.array(fc.constantFrom(...KEYWORDS, 'zz'), { maxLength: 3 }).map((vs) => ({ terms: { k: vs } })),
  numField.chain((f) => fc.array(fc.integer({ min: -6, max: 6 }), { maxLength: 3 }).map((vs) => ({ terms: { [f]: vs } }))),
);
const bound = fc.oneof(fc.integer({ min: -6, max: 6 }), fc.constantFrom(-2.5, 0.5, 3.5));
const rangeArb = numField.chain((f) =>
  fc
    .record({ gt: bound, gte: bound, lt: bound, lte: bound }, { requiredKeys: [] })
    .map((b) => ({ range: { [f]: b } })),
);
const existsArb = fc.constantFrom('k', 'n', 'm', 'unmapped').map((field) => ({ exists: { field } }));
const msmArb = fc.constantFrom<unknown>(0, 1, 2, 3, -1, '50%', '-25%', '100%', '2');

const queryArb: fc.Arbitrary<Query> = fc.letrec<{ query: Query; bool: Query }>((tie) => ({
  query: fc.oneof({ depthSize: 'small', withCrossShrink: true }, termArb, termsArb, rangeArb, existsArb, tie('bool')),
  bool: fc
    .record(
      {
        must: fc.array(tie('query'), { maxLength: 3 }),
        filter: fc.array(tie('query'), { maxLength: 3 }),
        should: fc.array(tie('query'), { maxLength: 3 }),
        must_not: fc.array(tie('query'), { maxLength: 2 }),
        minimum_should_match: msmArb,
      },
      { requiredKeys: [] },
    )
    .map((bool) => ({ bool })),
})).query;

const sortArb = fc.constantFrom<Array<Record<string, 'asc' | 'desc'>>>([{ n: 'asc' }], [{ n: 'desc' }], [{ m: 'desc' }, { n: 'asc' }], []);

// ---- the naive reference ----
const valuesOf = (doc: Doc, field: string): Scalar[] => {
  const v = (doc as unknown as Record<string, Value>)[field];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string | number => x !== null && x !== undefined);
};

function calculateMsm(optional: number, spec: unknown): number {
  const text = String(spec);
  let result: number;
  if (text.endsWith('%')) {
    const calc = (optional * Number(text.slice(0, -1))) / 100; // a float, truncated after the sign test
    result = calc < 0 ? optional + Math.trunc(calc) : Math.trunc(calc);
  } else {
    const calc = Number(text);
    result = calc < 0 ? optional + calc : calc;
  }
  return Math.max(result, 0);
}

function matches(q: Query, doc: Doc): boolean {
  const [type, body] = Object.entries(q)[0] as [string, Record<string, unknown>];
  if (type === 'term') {
    const [field, raw] = Object.entries(body)[0];
    const value = typeof raw === 'object' && raw !== null ? (raw as { value: unknown }).value : raw;
    return valuesOf(doc, field).some((v) => v === value);
  }
  if (type === 'terms') {
    const [field, list] = Object.entries(body)[0] as [string, unknown[]];
    return valuesOf(doc, field).some((v) => list.includes(v));
  }
  if (type === 'range') {
    const [field, b] = Object.entries(body)[0] as [string, Record<string, number>];
    return valuesOf(doc, field).some(
      (v) =>
        (b.gt === undefined || (v as number) > b.gt) &&
        (b.gte === undefined || (v as number) >= b.gte) &&
        (b.lt === undefined || (v as number) < b.lt) &&
        (b.lte === undefined || (v as number) <= b.lte),
    );
  }
  if (type === 'exists') return valuesOf(doc, body.field as string).length > 0;
  const list = (key: string) => (body[key] as Query[] | undefined) ?? [];
  const [must, filter, should, mustNot] = [list('must'), list('filter'), list('should'), list('must_not')];
  if (must.length + filter.length + should.length + mustNot.length === 0) return true;
  if (mustNot.some((c) => matches(c, doc))) return false;
  if (must.length + filter.length + should.length === 0) return true;
  if (![...must, ...filter].every((c) => matches(c, doc))) return false;
  const msmSpec = body.minimum_should_match;
  let msm = msmSpec === undefined ? 0 : calculateMsm(should.length, msmSpec);
  if (must.length + filter.length === 0) msm = Math.max(msm, 1);
  return should.filter((c) => matches(c, doc)).length >= msm;
}

/** ES's sort: asc by the smallest value, desc by the largest, missing last either way. */
function compareDocs(sort: Array<Record<string, 'asc' | 'desc'>>, a: Doc, b: Doc): number {
  for (const clause of sort) {
    const [field, order] = Object.entries(clause)[0];
    const key = (d: Doc) => {
      const vs = valuesOf(d, field) as number[];
      if (vs.length === 0) return undefined;
      return order === 'asc' ? Math.min(...vs) : Math.max(...vs);
    };
    const [ka, kb] = [key(a), key(b)];
    if (ka === kb) continue;
    if (ka === undefined) return 1;
    if (kb === undefined) return -1;
    return order === 'asc' ? ka - kb : kb - ka;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

describe('query evaluation agrees with a naive reference evaluator (differential, conformance)', () => {
  const ctx = new ConformanceContext();
  const docSets: Array<{ index: string; docs: Doc[] }> = [];
  afterAll(() => ctx.cleanup());

  beforeAll(async () => {
    const raw = fc.sample(fc.array(docArb, { minLength: DOCS_PER_SET, maxLength: DOCS_PER_SET }), { seed: SEED, numRuns: DOC_SETS });
    for (const set of raw) {
      const docs: Doc[] = set.map((d, i) => ({ id: `d${String(i).padStart(3, '0')}`, ...d }));
      const index = await ctx.index({
        mappings: { dynamic: 'strict', properties: { id: { type: 'keyword' }, k: { type: 'keyword' }, n: { type: 'integer' }, m: { type: 'integer' } } },
      });
      // undefined fields are dropped by JSON, so "missing" and "null" both reach the server.
      await ctx.client.bulk({ index, refresh: true, operations: docs.flatMap((d) => [{ index: { _id: d.id } }, d]) });
      docSets.push({ index, docs });
    }
  });

  it('agrees on hits, totals and sort order for bool filters nested in should', async () => {
    // The regression the issue reports: a filter inside a should clause was not applied.
    const { index, docs } = docSets[0];
    const inner = { bool: { filter: [{ term: { k: 'a' } }, { range: { n: { gt: 0 } } }] } };
    const query = { bool: { filter: [{ exists: { field: 'n' } }], should: [inner, { term: { m: 3 } }], minimum_should_match: 1 } };
    const res = await ctx.client.search({ index, query, sort: [{ id: 'asc' }], size: 100, track_total_hits: true });
    const expected = docs.filter((d) => matches(query, d)).map((d) => d.id);
    expect(ids(res)).toEqual(expected);
    expect(expected.length).toBeLessThan(docs.length);
  });

  it(`agrees on ${RUNS} random query trees (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: DOC_SETS - 1 }),
        queryArb,
        sortArb,
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 25 }),
        async (set, query, sort, from, size) => {
          const { index, docs } = docSets[set];
          const fullSort = [...sort, { id: 'asc' as const }];
          const res = await ctx.client.search({ index, query, sort: fullSort, from, size, track_total_hits: true });
          const hits = docs.filter((d) => matches(query, d));
          hits.sort((a, b) => compareDocs(fullSort, a, b));
          expect(res.hits.total).toEqual({ value: hits.length, relation: 'eq' });
          expect(ids(res)).toEqual(hits.slice(from, from + size).map((d) => d.id));
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  }, 180_000); // a few seconds on an idle machine; generous for a loaded shared one

  it('agrees on sorted pages and search_after across refreshes that add, replace and delete documents', async () => {
    // The stand-in keeps each sort's order per refresh and updates it by merging what a
    // refresh added; enough replacements make it compact (renumber). Page through every
    // sort after each round of writes and compare with the reference.
    const index = await ctx.index({
      settings: { refresh_interval: '-1' },
      mappings: { dynamic: 'strict', properties: { id: { type: 'keyword' }, k: { type: 'keyword' }, n: { type: 'integer' }, m: { type: 'integer' } } },
    });
    const live = new Map<string, Doc>();
    // A write replaces or (a quarter of them) deletes one of 300 ids.
    const write = fc.tuple(fc.integer({ min: 0, max: 299 }), fc.integer({ min: 0, max: 3 }).map((x) => x === 0), docArb);
    const rounds = fc.sample(fc.array(write, { minLength: 300, maxLength: 500 }), { seed: SEED, numRuns: 20 });
    for (const [round, writes] of rounds.entries()) {
      const operations = writes.flatMap(([n, remove, fields]): object[] => {
        const id = `d${String(n).padStart(3, '0')}`;
        if (remove && round > 0) {
          live.delete(id);
          return [{ delete: { _id: id } }];
        }
        const doc = { id, ...fields };
        live.set(id, doc);
        return [{ index: { _id: id } }, doc];
      });
      await ctx.client.bulk({ index, refresh: true, operations });
      const query = { bool: { filter: [{ terms: { k: ['a', 'b'] } }] } };
      for (const sort of [[{ n: 'asc' }], [{ n: 'desc' }], [{ m: 'desc' }, { n: 'asc' }]] as Array<Array<Record<string, 'asc' | 'desc'>>>) {
        const fullSort = [...sort, { id: 'asc' as const }];
        for (const q of [undefined, query]) {
          // In id order first: compareDocs leaves the id clause to the stable sort.
          const expected = [...live.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).filter((d) => q === undefined || matches(q, d)).sort((a, b) => compareDocs(fullSort, a, b)).map((d) => d.id);
          const seen: string[] = [];
          let after: unknown[] | undefined;
          for (;;) {
            const res = await ctx.client.search({ index, query: q, sort: fullSort, size: 37, track_total_hits: true, ...(after ? { search_after: after as never } : {}) });
            expect(res.hits.total).toEqual({ value: expected.length, relation: 'eq' });
            if (res.hits.hits.length === 0) break;
            seen.push(...(ids(res) as string[]));
            after = res.hits.hits.at(-1)!.sort;
          }
          expect(seen).toEqual(expected);
        }
      }
    }
  }, 120_000);
});
