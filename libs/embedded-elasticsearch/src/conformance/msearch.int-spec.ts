import type { estypes } from '@elastic/elasticsearch';
import { ConformanceContext, expectEsError } from './conformance-support';

type Item = estypes.MsearchResponseItem;
const total = (item: Item) => ('hits' in item ? item.hits.total : undefined);
const hitIds = (item: Item) => ('hits' in item ? item.hits.hits.map((h) => h._id) : undefined);

describe('msearch (conformance)', () => {
  const ctx = new ConformanceContext();
  const es = ctx.client;
  let first: string;
  let second: string;
  afterAll(() => ctx.cleanup());

  beforeAll(async () => {
    const mappings = { properties: { athleteId: { type: 'keyword' }, divisionId: { type: 'keyword' }, points: { type: 'integer' } } };
    first = await ctx.index({ mappings });
    second = await ctx.index({ mappings });
    const docs = (index: string, rows: Array<[string, string, number]>) =>
      rows.flatMap(([athleteId, divisionId, points]) => [{ index: { _index: index, _id: athleteId } }, { athleteId, divisionId, points }]);
    await es.bulk({
      refresh: true,
      operations: [...docs(first, [['a1', 'd1', 30], ['a2', 'd1', 20], ['a3', 'd2', 10]]), ...docs(second, [['b1', 'd1', 50]])],
    });
  });

  it('answers one response per search, in order, each as _search would', async () => {
    const res = await es.msearch({
      searches: [
        { index: first }, { size: 0, track_total_hits: true, query: { term: { divisionId: 'd1' } } },
        { index: second }, { size: 0, track_total_hits: true, query: { range: { points: { gt: 10 } } } },
        { index: first }, { query: { range: { points: { gte: 20 } } }, sort: [{ points: 'desc' }] },
        { index: [first, second] }, { size: 0, track_total_hits: true, query: { term: { divisionId: 'd1' } } },
      ],
    });
    expect(res.responses).toHaveLength(4);
    expect(res.responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(res.responses.map(total)).toEqual([
      { value: 2, relation: 'eq' }, { value: 1, relation: 'eq' }, { value: 2, relation: 'eq' }, { value: 3, relation: 'eq' },
    ]);
    expect(hitIds(res.responses[0])).toEqual([]);
    expect(hitIds(res.responses[2])).toEqual(['a1', 'a2']);
    expect(typeof res.took).toBe('number');
  });

  it('uses the index of the path when a header names none', async () => {
    const res = await es.msearch({ index: first, searches: [{}, { size: 0, track_total_hits: true, query: { term: { divisionId: 'd2' } } }] });
    expect(res.responses.map(total)).toEqual([{ value: 1, relation: 'eq' }]);
  });

  it('fails only the item whose index is missing', async () => {
    const missing = ctx.name('es_conf_missing');
    const res = await es.msearch({
      searches: [
        { index: first }, { size: 0, track_total_hits: true, query: { match_all: {} } },
        { index: missing }, { size: 0, track_total_hits: true, query: { match_all: {} } },
        { index: second }, { size: 0, track_total_hits: true, query: { match_all: {} } },
      ],
    });
    expect(res.responses.map((r) => r.status)).toEqual([200, 404, 200]);
    expect(res.responses.map(total)).toEqual([{ value: 3, relation: 'eq' }, undefined, { value: 1, relation: 'eq' }]);
    const failed = res.responses[1] as estypes.ErrorResponseBase;
    expect(failed.error.type).toBe('index_not_found_exception');
    expect(failed.error.root_cause?.[0]?.type).toBe('index_not_found_exception');
    expect(failed.error.reason).toContain(missing);
  });

  it('refuses the whole request for an unknown header key or no searches', async () => {
    await expectEsError(es.msearch({ searches: [{ index: first, frobnicate: true } as never, { query: { match_all: {} } }] }), 400, 'illegal_argument_exception');
    await expectEsError(es.msearch({ index: first, searches: [] }), 400);
  });
});
