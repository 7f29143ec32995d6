import type { Json } from '../http/es-request';
import { IndexStore } from '../store/index-store';
import { RequestCache } from './request-cache';

/** Which searches the cache answers, counted by how often the search itself runs. */
describe('RequestCache', () => {
  const store = () => {
    const index = new IndexStore('i', {}, { properties: { n: { type: 'integer' } } });
    index.index('1', { n: 1 }, {});
    index.refresh();
    return index;
  };
  const counting = () => {
    let runs = 0;
    return { compute: () => ({ hits: { n: ++runs } }), runs: () => runs };
  };
  const body: Json = { query: { match_all: {} } };

  it('runs a request_cache=true search once per searcher generation', () => {
    const cache = new RequestCache();
    const index = store();
    const c = counting();
    cache.get([index], 'true', body, { size: 5 }, c.compute);
    cache.get([index], 'true', body, { size: 5 }, c.compute);
    index.index('2', { n: 2 }, {});
    cache.get([index], 'true', body, { size: 5 }, c.compute); // written, not refreshed: same generation
    expect(c.runs()).toBe(1);
    index.refresh();
    cache.get([index], 'true', body, { size: 5 }, c.compute);
    expect(c.runs()).toBe(2);
    cache.get([index], 'true', { ...body, from: 1 }, { size: 5 }, c.compute); // another request
    expect(c.runs()).toBe(3);
  });

  it('caches size 0 by default, not hits unless asked, nothing when refused or reading the clock', () => {
    const cache = new RequestCache();
    const index = store();
    const cases: Array<[string | undefined, Json, object, number]> = [
      [undefined, { ...body, size: 0 }, {}, 1],
      [undefined, body, { size: 0 }, 1],
      [undefined, body, { size: 5 }, 3],
      ['false', { ...body, size: 0 }, {}, 3],
      ['true', { query: { range: { n: { lte: 'now' } } } }, {}, 3],
      ['true', { query: { range: { n: { gte: 'now-1d/d' } } } }, {}, 3],
      ['true', { query: { match: { name: 'nowak' } } }, {}, 1],
    ];
    for (const [requested, searchBody, options, runs] of cases) {
      const c = counting();
      for (let i = 0; i < 3; i++) cache.get([index], requested, searchBody, options, c.compute);
      expect({ requested, searchBody, options, runs: c.runs() }).toEqual({ requested, searchBody, options, runs });
    }
  });

  it('is off for an index whose settings turn it off', () => {
    const cache = new RequestCache();
    const index = new IndexStore('off', { 'index.requests.cache.enable': 'false' }, {});
    const c = counting();
    for (let i = 0; i < 2; i++) cache.get([index], 'true', body, {}, c.compute);
    expect(c.runs()).toBe(2);
  });
});
