import { ConformanceContext, expectEsError, ids } from './conformance-support';

const ATHLETES = [
  { athleteId: 'a1', name: 'Ana Lima', divisionId: 'd1', country: 'BR', points: 30, wins: 3, losses: 0, since: '2024-01-10' },
  { athleteId: 'a2', name: 'Bruno Costa', divisionId: 'd1', country: 'BR', points: 30, wins: 3, losses: 1, since: '2024-03-05' },
  { athleteId: 'a3', name: 'Carla Souza', divisionId: 'd1', country: 'PT', points: 20, wins: 2, losses: 1, since: '2023-11-20' },
  { athleteId: 'a4', name: 'Diego Lima', divisionId: 'd2', country: 'BR', points: 50, wins: 5, losses: 0, since: '2022-06-01' },
  { athleteId: 'a5', name: 'Eva Lima Costa', divisionId: 'd2', country: 'ES', points: 10, wins: 1, losses: 4 },
];

describe('search (conformance)', () => {
  const ctx = new ConformanceContext();
  const es = ctx.client;
  let index: string;
  afterAll(() => ctx.cleanup());

  beforeAll(async () => {
    index = await ctx.index({
      mappings: {
        properties: {
          athleteId: { type: 'keyword' }, name: { type: 'text', fields: { keyword: { type: 'keyword' } } }, divisionId: { type: 'keyword' },
          country: { type: 'keyword' }, points: { type: 'integer' }, wins: { type: 'integer' }, losses: { type: 'integer' }, since: { type: 'date' },
        },
      },
    });
    await es.bulk({ index, refresh: true, operations: ATHLETES.flatMap((a) => [{ index: { _id: a.athleteId } }, a]) });
  });

  const search = (body: Record<string, unknown>) => es.search({ index, ...body });

  it('matches all documents with exact totals', async () => {
    const res = await search({ query: { match_all: {} } });
    expect(res.hits.total).toEqual({ value: 5, relation: 'eq' });
    expect(ids(res).sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
  });

  it('matches analysed text with OR by default and AND on request', async () => {
    expect(ids(await search({ query: { match: { name: 'lima costa' } } })).sort()).toEqual(['a1', 'a2', 'a4', 'a5']);
    expect(ids(await search({ query: { match: { name: { query: 'lima costa', operator: 'and' } } } }))).toEqual(['a5']);
    expect(ids(await search({ query: { match: { name: { query: 'eva lima costa', minimum_should_match: 2 } } } })).sort()).toEqual(['a5']);
  });

  it('finds the same hits for a match with filters sorted by a field whether or not scores are tracked', async () => {
    const body = {
      query: { bool: { filter: [{ term: { country: 'BR' } }], must: [{ match: { name: { query: 'lima', operator: 'and' } } }] } },
      sort: [{ points: 'desc' }, { athleteId: 'asc' }],
    };
    const plain = await search(body);
    const tracked = await search({ ...body, track_scores: true });
    expect(ids(plain)).toEqual(['a4', 'a1']);
    expect(ids(tracked)).toEqual(ids(plain));
    expect(plain.hits.hits.map((h) => h._score)).toEqual([null, null]);
    expect(plain.hits.max_score).toBeNull();
    for (const hit of tracked.hits.hits) expect(hit._score).toBeGreaterThan(0);
  });

  it('ranks the document matching more terms first', async () => {
    const res = await search({ query: { match: { name: 'eva lima' } } });
    expect(res.hits.hits[0]._id).toBe('a5');
    expect(res.hits.max_score).toBe(res.hits.hits[0]._score);
  });

  it('supports multi_match, match_bool_prefix and match_phrase_prefix', async () => {
    expect(ids(await search({ query: { multi_match: { query: 'PT', fields: ['name', 'country'] } } }))).toEqual(['a3']);
    expect(ids(await search({ query: { match_bool_prefix: { name: 'lima co' } } })).sort()).toEqual(['a1', 'a2', 'a4', 'a5']);
    expect(ids(await search({ query: { match_bool_prefix: { name: { query: 'lima co', operator: 'and' } } } }))).toEqual(['a5']);
    expect(ids(await search({ query: { match_phrase_prefix: { name: 'lima co' } } }))).toEqual(['a5']);
    expect(ids(await search({ query: { multi_match: { query: 'car', type: 'bool_prefix', fields: ['name'] } } }))).toEqual(['a3']);
  });

  it('filters with term, terms, range (numbers and dates), prefix, exists and ids', async () => {
    const q = async (query: unknown) => ids(await search({ query, sort: ['athleteId'] }));
    expect(await q({ term: { divisionId: 'd2' } })).toEqual(['a4', 'a5']);
    expect(await q({ term: { divisionId: { value: 'D2' } } })).toEqual([]);
    expect(await q({ terms: { country: ['PT', 'ES'] } })).toEqual(['a3', 'a5']);
    expect(await q({ range: { points: { gte: 20, lt: 50 } } })).toEqual(['a1', 'a2', 'a3']);
    expect(await q({ range: { since: { gte: '2024-01-01', lte: '2024-12-31' } } })).toEqual(['a1', 'a2']);
    expect(await q({ range: { since: { lt: '2024-01-01T00:00:00Z' } } })).toEqual(['a3', 'a4']);
    expect(await q({ prefix: { athleteId: 'a' } })).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(await q({ prefix: { 'name.keyword': 'Eva' } })).toEqual(['a5']);
    expect(await q({ bool: { must_not: [{ exists: { field: 'since' } }] } })).toEqual(['a5']);
    expect(await q({ ids: { values: ['a2', 'a4', 'zz'] } })).toEqual(['a2', 'a4']);
  });

  it('combines bool must/filter/should/must_not with minimum_should_match', async () => {
    const res = await search({
      query: {
        bool: {
          filter: [{ term: { country: 'BR' } }],
          must_not: [{ term: { athleteId: 'a4' } }],
          should: [{ match: { name: 'ana' } }, { match: { name: 'bruno' } }, { match: { name: 'diego' } }],
          minimum_should_match: 1,
        },
      },
      sort: ['athleteId'],
    });
    expect(ids(res)).toEqual(['a1', 'a2']);
    const shouldOnly = await search({ query: { bool: { should: [{ term: { country: 'PT' } }, { term: { country: 'ES' } }] } }, sort: ['athleteId'] });
    expect(ids(shouldOnly)).toEqual(['a3', 'a5']);
  });

  it('sorts on several fields with order, and returns sort values', async () => {
    const res = await search({ sort: [{ points: 'desc' }, { wins: { order: 'desc' } }, { losses: 'asc' }, 'athleteId'] });
    expect(ids(res)).toEqual(['a4', 'a1', 'a2', 'a3', 'a5']);
    expect(res.hits.hits[1].sort).toEqual([30, 3, 0, 'a1']);
    expect(res.hits.hits[0]._score).toBeNull();
    expect(res.hits.max_score).toBeNull();
  });

  it('places missing values with missing _first / _last', async () => {
    expect(ids(await search({ sort: [{ since: { order: 'asc', missing: '_first' } }] }))[0]).toBe('a5');
    expect(ids(await search({ sort: [{ since: { order: 'desc' } }] })).at(-1)).toBe('a5');
    expect(ids(await search({ sort: [{ since: { order: 'desc', missing: '_first' } }] }))[0]).toBe('a5');
  });

  it('sorts by _score and _doc', async () => {
    const res = await search({ query: { match: { name: 'lima' } }, sort: ['_score', { athleteId: 'desc' }] });
    expect(res.hits.hits.every((h) => typeof h._score === 'number')).toBe(true);
    expect(ids(res)).toHaveLength(3);
    expect(ids(await search({ sort: ['_doc'], size: 5 }))).toHaveLength(5);
  });

  it('refuses to sort on a text field with 400', async () => {
    await expectEsError(search({ sort: ['name'] }), 400, 'illegal_argument_exception');
  });

  it('pages with from/size and refuses a window beyond 10000', async () => {
    const page = await search({ sort: ['athleteId'], from: 1, size: 2 });
    expect(ids(page)).toEqual(['a2', 'a3']);
    const error = await expectEsError(search({ from: 9995, size: 10 }), 400, 'illegal_argument_exception');
    expect(JSON.stringify(error.meta.body)).toContain('Result window is too large');
  });

  it('pages with search_after by round-tripping sort values', async () => {
    const sort = [{ points: 'desc' }, { wins: 'desc' }, { losses: 'asc' }, { athleteId: 'asc' }];
    const seen: string[] = [];
    let after: unknown[] | undefined;
    for (;;) {
      const res = await search({ sort, size: 2, ...(after ? { search_after: after } : {}) });
      if (res.hits.hits.length === 0) break;
      seen.push(...(ids(res) as string[]));
      after = res.hits.hits.at(-1)?.sort as unknown[];
    }
    expect(seen).toEqual(['a4', 'a1', 'a2', 'a3', 'a5']);
  });

  it('reports totals per track_total_hits', async () => {
    expect((await search({ track_total_hits: true })).hits.total).toEqual({ value: 5, relation: 'eq' });
    expect((await search({ track_total_hits: 2 })).hits.total).toEqual({ value: 2, relation: 'gte' });
    expect((await search({ track_total_hits: false })).hits.total).toBeUndefined();
  });

  it('filters _source with booleans, arrays and includes/excludes', async () => {
    const one = (body: Record<string, unknown>) => search({ query: { ids: { values: ['a1'] } }, ...body }).then((r) => r.hits.hits[0]._source);
    await expect(one({ _source: false })).resolves.toBeUndefined();
    await expect(one({ _source: ['name', 'points'] })).resolves.toEqual({ name: 'Ana Lima', points: 30 });
    await expect(one({ _source: { includes: ['*Id'], excludes: ['divisionId'] } })).resolves.toEqual({ athleteId: 'a1' });
  });

  it('aggregates terms (count desc, then key), min, max, value_count and cardinality', async () => {
    const res = await search({
      size: 0,
      aggs: {
        countries: { terms: { field: 'country' } },
        divisions: { terms: { field: 'divisionId', size: 1 }, aggs: { best: { max: { field: 'points' } } } },
        low: { min: { field: 'points' } },
        high: { max: { field: 'points' } },
        counted: { value_count: { field: 'athleteId' } },
        distinct: { cardinality: { field: 'country' } },
        total: { sum: { field: 'points' } },
        mean: { avg: { field: 'points' } },
      },
    });
    const aggs = res.aggregations as Record<string, Record<string, unknown>>;
    expect(aggs.countries.buckets).toEqual([{ key: 'BR', doc_count: 3 }, { key: 'ES', doc_count: 1 }, { key: 'PT', doc_count: 1 }]);
    expect(aggs.divisions).toEqual({ doc_count_error_upper_bound: 0, sum_other_doc_count: 2, buckets: [{ key: 'd1', doc_count: 3, best: { value: 30 } }] });
    expect([aggs.low.value, aggs.high.value, aggs.counted.value, aggs.distinct.value, aggs.total.value, aggs.mean.value]).toEqual([10, 50, 5, 3, 140, 28]);
  });

  it('aggregates over every match, not just the page', async () => {
    const res = await search({ size: 1, query: { term: { divisionId: 'd1' } }, aggs: { c: { value_count: { field: 'athleteId' } } } });
    expect((res.aggregations as Record<string, { value: number }>).c.value).toBe(3);
  });

  it('answers an unknown query type with a 400 parsing error', async () => {
    await expectEsError(search({ query: { no_such_query: { x: 1 } } }), 400, 'parsing_exception');
  });

  it('searches several indices by list and wildcard', async () => {
    const other = await ctx.index();
    await es.index({ index: other, id: 'x', document: { divisionId: 'd1' }, refresh: true });
    await expect(es.count({ index: [index, other] })).resolves.toMatchObject({ count: 6 });
    const res = await es.search({ index: `${other.slice(0, -3)}*`, query: { term: { divisionId: 'd1' } } });
    expect(ids(res)).toEqual(['x']);
  });

  it('404s a search on a missing index', async () => {
    await expectEsError(es.search({ index: `${index}_missing` }), 404, 'index_not_found_exception');
  });
});
