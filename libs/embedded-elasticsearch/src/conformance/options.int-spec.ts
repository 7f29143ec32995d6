import { errors } from '@elastic/elasticsearch';
import { ConformanceContext, expectEsError, ids } from './conformance-support';

/**
 * Options Elasticsearch 9 honours, each either honoured the same way or refused with ES's own
 * error: never accepted and silently ignored. Where the stand-in refuses a feature ES has
 * (alias filters), the test accepts either ES's answer or the stand-in's refusal, and fails on
 * anything else (a wrong count).
 */
describe('request options are honoured or refused (conformance)', () => {
  const ctx = new ConformanceContext();
  const es = ctx.client;
  afterAll(() => ctx.cleanup());

  const DOCS = [
    { id: 'p1', kind: 'a', points: 1 },
    { id: 'p2', kind: 'a', points: 2 },
    { id: 'p3', kind: 'b', points: 3 },
    { id: 'p4', kind: 'b', points: 4 },
    { id: 'p5', kind: 'b', points: 5 },
  ];
  const mappings = { properties: { id: { type: 'keyword' as const }, kind: { type: 'keyword' as const }, points: { type: 'integer' as const } } };

  async function filled(): Promise<string> {
    const index = await ctx.index({ mappings });
    await es.bulk({ index, refresh: true, operations: DOCS.flatMap((d) => [{ index: { _id: d.id } }, d]) });
    return index;
  }

  it('counts only the filtered documents through a filtered alias (or refuses the alias filter)', async () => {
    const index = ctx.name();
    const alias = ctx.alias();
    let created = true;
    try {
      await es.indices.create({ index, mappings, aliases: { [alias]: { filter: { term: { kind: 'b' } } } } });
    } catch (e) {
      created = false;
      expect(e).toBeInstanceOf(errors.ResponseError);
      expect((e as errors.ResponseError).meta.statusCode).toBe(400);
    }
    if (!created) return;
    await es.bulk({ index, refresh: true, operations: DOCS.flatMap((d) => [{ index: { _id: d.id } }, d]) });
    expect((await es.count({ index: alias })).count).toBe(3);
    expect((await es.count({ index })).count).toBe(5);
  });

  it('answers a 404 bulk item for require_alias on a concrete index instead of creating it', async () => {
    const name = ctx.name();
    const res = await es.bulk({ require_alias: true, operations: [{ index: { _index: name, _id: '1' } }, { kind: 'a' }] });
    expect(res.errors).toBe(true);
    expect(res.items[0].index?.status).toBe(404);
    expect(res.items[0].index?.error?.type).toBe('index_not_found_exception');
    expect(await es.indices.exists({ index: name })).toBe(false);
  });

  it('applies op_type create inside a bulk index action (409 when the document exists)', async () => {
    const index = await filled();
    const res = await es.bulk({ index, operations: [{ index: { _id: 'p1', op_type: 'create' } }, { kind: 'z' }, { index: { _id: 'p9', op_type: 'create' } }, { kind: 'z' }] });
    expect(res.items[0].create?.status).toBe(409);
    expect(res.items[0].create?.error?.type).toBe('version_conflict_engine_exception');
    expect(res.items[1].create?.status).toBe(201);
  });

  it('deletes at most max_docs documents in delete_by_query', async () => {
    const index = await filled();
    const res = await es.deleteByQuery({ index, max_docs: 2, refresh: true, query: { term: { kind: 'b' } } });
    expect(res.deleted).toBe(2);
    expect(res.total).toBe(2);
    expect((await es.count({ index, query: { term: { kind: 'b' } } })).count).toBe(1);
  });

  it('processes delete_by_query in batches of scroll_size', async () => {
    const index = await filled();
    const res = await es.deleteByQuery({ index, scroll_size: 2, refresh: true, query: { match_all: {} } });
    expect(res.deleted).toBe(5);
    expect(res.batches).toBe(3);
  });

  it('answers 409 to a get whose version differs from the document', async () => {
    const index = await filled();
    await es.index({ index, id: 'p1', document: DOCS[0], refresh: true });
    expect((await es.get({ index, id: 'p1', version: 2 }))._version).toBe(2);
    await expectEsError(es.get({ index, id: 'p1', version: 1 }), 409, 'version_conflict_engine_exception');
  });

  it('echoes an aggregation meta object in its result', async () => {
    const index = await filled();
    const res = await es.search({ index, size: 0, aggs: { top: { max: { field: 'points' }, meta: { label: 'best' } } } });
    expect(res.aggregations?.top).toEqual({ meta: { label: 'best' }, value: 5 });
  });

  it('refuses a negative cardinality precision_threshold', async () => {
    const index = await filled();
    const error = await expectEsError(es.search({ index, size: 0, aggs: { n: { cardinality: { field: 'kind', precision_threshold: -1 } } } }), 400);
    expect(JSON.stringify(error.meta.body)).toContain('precisionThreshold');
  });

  it('honours terminate_after on count and refuses a negative one', async () => {
    const index = await filled();
    const res = await es.count({ index, terminate_after: 2 });
    expect(res.count).toBe(2);
    expect((res as unknown as { terminated_early: boolean }).terminated_early).toBe(true);
    await expectEsError(es.count({ index, terminate_after: -1 }), 400, 'illegal_argument_exception');
  });

  it('honours min_score on count', async () => {
    const index = await filled();
    const query = { bool: { should: [{ constant_score: { filter: { term: { kind: 'a' } }, boost: 2 } }, { constant_score: { filter: { term: { kind: 'b' } }, boost: 1 } }] } };
    expect((await es.count({ index, query, min_score: 1.5 })).count).toBe(2);
  });

  it('refuses rest_total_hits_as_int with an inexact track_total_hits and omits the total when tracking is off', async () => {
    const index = await filled();
    await expectEsError(es.search({ index, rest_total_hits_as_int: true, track_total_hits: 3 }), 400, 'illegal_argument_exception');
    const exact = await es.search({ index, rest_total_hits_as_int: true });
    expect(exact.hits.total).toBe(5);
    const off = await es.search({ index, rest_total_hits_as_int: true, track_total_hits: false });
    expect(off.hits.total).toBeUndefined();
  });

  it('refuses an empty field name in a mapping', async () => {
    await expectEsError(ctx.index({ mappings: { properties: { '': { type: 'keyword' } } } }), 400, 'mapper_parsing_exception');
  });

  it('deletes nothing when DELETE names an alias with ignore_unavailable, and refuses it without', async () => {
    const index = await filled();
    const alias = ctx.alias();
    await es.indices.putAlias({ index, name: alias });
    await expectEsError(es.indices.delete({ index: alias }), 400, 'illegal_argument_exception');
    expect((await es.indices.delete({ index: alias, ignore_unavailable: true })).acknowledged).toBe(true);
    expect(await es.indices.exists({ index })).toBe(true);
    expect(await es.indices.existsAlias({ name: alias })).toBe(true);
  });

  it('lists missing alias names sorted in the 404', async () => {
    const index = await filled();
    const res = await es.transport.request(
      { method: 'GET', path: `/${index}/_alias/zeta_missing,alpha_missing` },
      { ignore: [404], meta: true },
    );
    expect(res.statusCode).toBe(404);
    expect((res.body as { error: string }).error).toBe('aliases [alpha_missing,zeta_missing] missing');
  });

  it('reads the last refreshed document with realtime=false', async () => {
    const index = await filled();
    await es.index({ index, id: 'p1', document: { ...DOCS[0], points: 100 }, refresh: false });
    expect((await es.get<{ points: number }>({ index, id: 'p1' }))._source?.points).toBe(100);
    await es.indices.putSettings({ index, settings: { refresh_interval: -1 } });
    await es.index({ index, id: 'p1', document: { ...DOCS[0], points: 200 }, refresh: false });
    const stale = await es.get<{ points: number }>({ index, id: 'p1', realtime: false });
    expect(stale._source?.points).not.toBe(200);
    expect(ids(await es.search({ index, query: { term: { points: 200 } } }))).toEqual([]);
  });

  it('filters responses with filter_path: fields, * within a level, ** across levels, - to exclude', async () => {
    const index = await filled();
    const bulk = await es.bulk(
      { index, operations: [{ index: { _id: 'p1' } }, DOCS[0], { create: { _id: 'p2' } }, DOCS[1]], filter_path: 'errors,items.*.status,items.*._seq_no' },
      { meta: true },
    );
    const items = bulk.body.items as Array<Record<string, Record<string, unknown>>>;
    expect(bulk.body.errors).toBe(true);
    expect(items.map((item) => Object.keys(item))).toEqual([['index'], ['create']]);
    expect(Object.keys(items[0].index).sort()).toEqual(['_seq_no', 'status']);
    expect(items[0].index.status).toBe(200);
    expect(items[1]).toEqual({ create: { status: 409 } }); // a conflict has no _seq_no
    const hits = await es.search({ index, sort: [{ points: 'asc' }], size: 2, filter_path: 'hits.hits._id,hits.hits._source.kind' });
    expect(hits).toEqual({ hits: { hits: [{ _id: 'p1', _source: { kind: 'a' } }, { _id: 'p2', _source: { kind: 'a' } }] } });
    const deep = await es.search({ index, sort: [{ points: 'asc' }], size: 1, filter_path: 'hits.**.points' });
    expect(deep).toEqual({ hits: { hits: [{ _source: { points: 1 } }] } });
    const wildcard = await es.search({ index, size: 0, track_total_hits: true, filter_path: 'hits.tot*.value' });
    expect(wildcard).toEqual({ hits: { total: { value: DOCS.length } } });
    const count = await es.count({ index, filter_path: '-_shards' });
    expect(count).toEqual({ count: DOCS.length });
  });
});
