import { ConformanceContext, expectEsError } from './conformance-support';

describe('document APIs (conformance)', () => {
  const ctx = new ConformanceContext();
  const es = ctx.client;
  afterAll(() => ctx.cleanup());

  it('indexes (201 created, then updated), with versions and seq_no', async () => {
    const index = await ctx.index();
    const first = await es.index({ index, id: '1', document: { n: 1 } });
    expect(first).toMatchObject({ _index: index, _id: '1', _version: 1, result: 'created', _seq_no: 0, _primary_term: 1 });
    const second = await es.index({ index, id: '1', document: { n: 2 } });
    expect(second).toMatchObject({ _version: 2, result: 'updated', _seq_no: 1 });
  });

  it('auto-generates ids with POST _doc', async () => {
    const index = await ctx.index();
    const res = await es.index({ index, document: { n: 1 } });
    expect(res.result).toBe('created');
    expect(res._id).toMatch(/^[A-Za-z0-9_-]{20}$/);
  });

  it('gets a document with _source filtering, and 404 found:false when missing', async () => {
    const index = await ctx.index();
    await es.index({ index, id: '1', document: { a: 1, b: { c: 2, d: 3 } } });
    const got = await es.get({ index, id: '1' });
    expect(got).toMatchObject({ _index: index, _id: '1', _version: 1, _seq_no: 0, _primary_term: 1, found: true, _source: { a: 1, b: { c: 2, d: 3 } } });
    expect((await es.get({ index, id: '1', _source_includes: ['b.c'] }))._source).toEqual({ b: { c: 2 } });
    expect((await es.get({ index, id: '1', _source_excludes: ['b'] }))._source).toEqual({ a: 1 });
    expect((await es.get({ index, id: '1', _source: false }))._source).toBeUndefined();
    const missing = await expectEsError(es.get({ index, id: 'nope' }), 404);
    expect(missing.meta.body).toEqual({ _index: index, _id: 'nope', found: false });
    await expect(es.exists({ index, id: '1' })).resolves.toBe(true);
    await expect(es.exists({ index, id: 'nope' })).resolves.toBe(false);
  });

  it('creates only once (_create and op_type=create -> 409)', async () => {
    const index = await ctx.index();
    await expect(es.create({ index, id: '1', document: { n: 1 } })).resolves.toMatchObject({ result: 'created' });
    await expectEsError(es.create({ index, id: '1', document: { n: 1 } }), 409, 'version_conflict_engine_exception');
    await expectEsError(es.index({ index, id: '1', op_type: 'create', document: { n: 1 } }), 409, 'version_conflict_engine_exception');
  });

  it('applies version_type=external: higher wins, lower or equal conflicts', async () => {
    const index = await ctx.index();
    await expect(es.index({ index, id: '1', version: 5, version_type: 'external', document: { n: 5 } })).resolves.toMatchObject({ _version: 5, result: 'created' });
    await expect(es.index({ index, id: '1', version: 7, version_type: 'external', document: { n: 7 } })).resolves.toMatchObject({ _version: 7, result: 'updated' });
    await expectEsError(es.index({ index, id: '1', version: 7, version_type: 'external', document: { n: 0 } }), 409, 'version_conflict_engine_exception');
    await expectEsError(es.index({ index, id: '1', version: 3, version_type: 'external', document: { n: 0 } }), 409, 'version_conflict_engine_exception');
    await expect(es.index({ index, id: '1', version: 7, version_type: 'external_gte', document: { n: 8 } })).resolves.toMatchObject({ _version: 7 });
    expect((await es.get({ index, id: '1' }))._source).toEqual({ n: 8 });
  });

  it('checks if_seq_no / if_primary_term', async () => {
    const index = await ctx.index();
    const first = await es.index({ index, id: '1', document: { n: 1 } });
    await es.index({ index, id: '1', document: { n: 2 }, if_seq_no: first._seq_no, if_primary_term: first._primary_term });
    const stale = await expectEsError(es.index({ index, id: '1', document: { n: 3 }, if_seq_no: first._seq_no, if_primary_term: first._primary_term }), 409, 'version_conflict_engine_exception');
    expect((stale.meta.body as { error: { reason: string } }).error.reason).toContain('version conflict');
  });

  it('updates with a partial doc, detects noops, and upserts', async () => {
    const index = await ctx.index();
    await es.index({ index, id: '1', document: { name: 'a', stats: { wins: 1, losses: 0 } } });
    const updated = await es.update({ index, id: '1', doc: { stats: { wins: 2 } } });
    expect(updated).toMatchObject({ result: 'updated', _version: 2 });
    expect((await es.get({ index, id: '1' }))._source).toEqual({ name: 'a', stats: { wins: 2, losses: 0 } });
    await expect(es.update({ index, id: '1', doc: { name: 'a' } })).resolves.toMatchObject({ result: 'noop', _version: 2 });
    await expectEsError(es.update({ index, id: 'missing', doc: { n: 1 } }), 404, 'document_missing_exception');
    await expect(es.update({ index, id: '2', doc: { n: 1 }, doc_as_upsert: true })).resolves.toMatchObject({ result: 'created', _version: 1 });
    await expect(es.update({ index, id: '3', doc: { n: 2 }, upsert: { n: 0 } })).resolves.toMatchObject({ result: 'created' });
    expect((await es.get({ index, id: '3' }))._source).toEqual({ n: 0 });
    await expect(es.update({ index, id: '3', doc: { n: 2 }, upsert: { n: 0 } })).resolves.toMatchObject({ result: 'updated' });
    expect((await es.get({ index, id: '3' }))._source).toEqual({ n: 2 });
  });

  it('deletes (404 not_found when missing) and continues the version after re-create', async () => {
    const index = await ctx.index();
    await es.index({ index, id: '1', document: { n: 1 } });
    await expect(es.delete({ index, id: '1' })).resolves.toMatchObject({ result: 'deleted', _version: 2 });
    const missing = await expectEsError(es.delete({ index, id: '1' }), 404);
    expect(missing.meta.body).toMatchObject({ result: 'not_found' });
    await expect(es.index({ index, id: '1', document: { n: 1 } })).resolves.toMatchObject({ result: 'created', _version: 4 });
  });

  it('404s a document write on a delete against a missing index', async () => {
    await expectEsError(es.delete({ index: ctx.name(), id: '1' }), 404, 'index_not_found_exception');
    await expectEsError(es.get({ index: ctx.name(), id: '1' }), 404, 'index_not_found_exception');
  });

  it('gets many documents with mget (docs and ids forms)', async () => {
    const index = await ctx.index();
    await es.index({ index, id: '1', document: { n: 1 } });
    await es.index({ index, id: '2', document: { n: 2 } });
    const byIds = await es.mget({ index, ids: ['1', 'nope', '2'] });
    expect(byIds.docs.map((d) => ('found' in d ? [d._id, d.found] : [d._id, 'error']))).toEqual([['1', true], ['nope', false], ['2', true]]);
    const byDocs = await es.mget({ docs: [{ _index: index, _id: '2', _source: false }] });
    expect(byDocs.docs[0]).toMatchObject({ _id: '2', found: true });
    expect('_source' in byDocs.docs[0]).toBe(false);
  });

  it('rejects a value that does not fit the mapping with a parsing error', async () => {
    const index = await ctx.index({ mappings: { properties: { points: { type: 'integer' } } } });
    const error = await expectEsError(es.index({ index, id: '1', document: { points: 'many' } }), 400);
    expect((error.meta.body as { error: { type: string } }).error.type).toMatch(/parsing_exception/);
  });

  it('deletes by query and counts', async () => {
    const index = await ctx.index({ mappings: { properties: { division: { type: 'keyword' } } } });
    await es.bulk({ index, refresh: true, operations: ['a', 'a', 'b'].flatMap((division, i) => [{ index: { _id: String(i) } }, { division }]) });
    await expect(es.count({ index })).resolves.toMatchObject({ count: 3 });
    const res = await es.deleteByQuery({ index, query: { term: { division: 'a' } }, refresh: true });
    expect(res).toMatchObject({ total: 2, deleted: 2, version_conflicts: 0, failures: [] });
    await expect(es.count({ index, query: { match_all: {} } })).resolves.toMatchObject({ count: 1 });
  });

  it('keeps any value of an object mapped with enabled: false in _source without parsing it', async () => {
    const mappings = { dynamic: false, properties: { kind: { type: 'keyword' }, session: { type: 'object', enabled: false } } } as const;
    const index = await ctx.index({ mappings });
    const values = ['a concrete value', [['m1', 1, 'W'], ['m2', 2, 'L']], { user: 'ana', nested: { deep: [1, 2] } }, null];
    for (const [i, session] of values.entries()) {
      await expect(es.index({ index, id: String(i), document: { kind: 'k', session } })).resolves.toMatchObject({ result: 'created' });
    }
    await es.indices.refresh({ index });
    for (const [i, session] of values.entries()) expect((await es.get({ index, id: String(i) }))._source).toEqual({ kind: 'k', session });
    // Nothing under it is indexed or added to the mapping.
    await expect(es.count({ index, query: { term: { 'session.user': 'ana' } } })).resolves.toMatchObject({ count: 0 });
    await expect(es.count({ index, query: { term: { kind: 'k' } } })).resolves.toMatchObject({ count: values.length });
    expect((await es.indices.getMapping({ index }))[index].mappings).toEqual(mappings);
  });
});
