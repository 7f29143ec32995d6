import { ConformanceContext } from './conformance-support';

/**
 * The shard request cache (`request_cache=true`) keeps ES's near-real-time promise: a
 * cached answer is the answer the search gives now, so writes appear at the refresh that
 * makes them visible and not before, whether the answer came from the cache or not.
 */
describe('shard request cache (conformance)', () => {
  const ctx = new ConformanceContext();
  const es = ctx.client;
  afterAll(() => ctx.cleanup());

  const names = async (index: string, requestCache: boolean) => {
    const result = await es.search<{ name: string }>({
      index,
      request_cache: requestCache,
      size: 10,
      query: { term: { team: 'red' } },
      sort: [{ rank: 'asc' }],
    });
    return { names: result.hits.hits.map((h) => h._source?.name), total: result.hits.total };
  };

  it('answers cached searches as uncached ones, across writes, refreshes, updates and deletes', async () => {
    const index = await ctx.index({ settings: { refresh_interval: '-1' }, mappings: { properties: { team: { type: 'keyword' }, rank: { type: 'integer' } } } });
    await es.bulk({ index, refresh: true, operations: [{ index: { _id: '1' } }, { name: 'a', team: 'red', rank: 2 }, { index: { _id: '2' } }, { name: 'b', team: 'blue', rank: 1 }] });
    const steps: Array<() => Promise<unknown>> = [
      () => es.index({ index, id: '3', document: { name: 'c', team: 'red', rank: 1 } }), // not visible yet
      () => es.indices.refresh({ index }),
      () => es.index({ index, id: '1', document: { name: 'a2', team: 'red', rank: 3 }, refresh: true }),
      () => es.delete({ index, id: '3', refresh: true }),
      () => es.update({ index, id: '2', doc: { team: 'red' }, refresh: true }),
    ];
    const seen: unknown[] = [await names(index, true)];
    for (const step of steps) {
      await step();
      const cached = await names(index, true);
      expect(cached).toEqual(await names(index, false));
      expect(await names(index, true)).toEqual(cached); // asked again: the cached answer
      seen.push(cached);
    }
    expect(seen.map((s) => (s as { names: string[] }).names)).toEqual([['a'], ['a'], ['c', 'a'], ['c', 'a2'], ['a2'], ['b', 'a2']]);
  });

  it('follows a mapping change that gives a field its first values', async () => {
    const index = await ctx.index({ mappings: { dynamic: false, properties: { team: { type: 'keyword' } } } });
    await es.index({ index, id: '1', document: { team: 'red', rank: 1 }, refresh: true });
    const byRank = () => es.search({ index, request_cache: true, size: 10, query: { range: { rank: { gte: 0 } } } }).then((r) => r.hits.hits.length);
    expect(await byRank()).toBe(0); // rank is not mapped, so not searchable
    await es.indices.putMapping({ index, properties: { rank: { type: 'integer' } } });
    await es.index({ index, id: '2', document: { team: 'red', rank: 2 }, refresh: true });
    expect(await byRank()).toBe(1);
  });
});
