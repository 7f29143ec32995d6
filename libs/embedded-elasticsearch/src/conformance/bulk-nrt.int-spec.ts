import { ConformanceContext, expectEsError } from './conformance-support';

describe('bulk and near-real-time visibility (conformance)', () => {
  const ctx = new ConformanceContext();
  const es = ctx.client;
  afterAll(() => ctx.cleanup());

  it('applies index/create/update/delete with per-item status and the errors flag', async () => {
    const index = await ctx.index();
    await es.index({ index, id: 'exists', document: { n: 0 } });
    const res = await es.bulk({
      index,
      operations: [
        { index: { _id: '1' } }, { n: 1 },
        { create: { _id: 'exists' } }, { n: 9 },
        { update: { _id: '1' } }, { doc: { m: 2 } },
        { update: { _id: 'missing' } }, { doc: { m: 2 } },
        { delete: { _id: 'exists' } },
        { delete: { _id: 'never' } },
      ],
    });
    expect(res.errors).toBe(true);
    const summary = res.items.map((item) => {
      const [op, r] = Object.entries(item)[0];
      return [op, r.status, r.result ?? r.error?.type];
    });
    expect(summary).toEqual([
      ['index', 201, 'created'],
      ['create', 409, 'version_conflict_engine_exception'],
      ['update', 200, 'updated'],
      ['update', 404, 'document_missing_exception'],
      ['delete', 200, 'deleted'],
      ['delete', 404, 'not_found'],
    ]);
    expect((await es.get({ index, id: '1' }))._source).toEqual({ n: 1, m: 2 });
  });

  it('keeps errors false when only a delete misses', async () => {
    const index = await ctx.index();
    const res = await es.bulk({ index, operations: [{ index: { _id: '1' } }, { n: 1 }, { delete: { _id: 'nope' } }] });
    expect(res.errors).toBe(false);
  });

  it('routes bulk items to their own _index and auto-creates indices', async () => {
    const a = ctx.name();
    const b = ctx.name();
    const res = await es.bulk({ refresh: true, operations: [{ index: { _index: a, _id: '1' } }, { n: 1 }, { index: { _index: b, _id: '1' } }, { n: 2 }] });
    expect(res.items.map((i) => i.index?._index)).toEqual([a, b]);
    await expect(es.count({ index: [a, b] })).resolves.toMatchObject({ count: 2 });
  });

  it('rejects a malformed action line with 400', async () => {
    const index = await ctx.index();
    await expectEsError(es.bulk({ index, operations: [{ bogus: { _id: '1' } }, { n: 1 }] as never }), 400);
  });

  it('hides writes from search until a refresh, while get sees them at once', async () => {
    const index = await ctx.index({ settings: { refresh_interval: '-1' } });
    await es.index({ index, id: '1', document: { n: 1 } });
    await expect(es.get({ index, id: '1' })).resolves.toMatchObject({ found: true });
    await expect(es.count({ index })).resolves.toMatchObject({ count: 0 });
    await es.indices.refresh({ index });
    await expect(es.count({ index })).resolves.toMatchObject({ count: 1 });
  });

  it('makes a write searchable on return with refresh=true and refresh=wait_for', async () => {
    const index = await ctx.index();
    const forced = await es.index({ index, id: '1', document: { n: 1 }, refresh: true });
    expect(forced.forced_refresh).toBe(true);
    await expect(es.count({ index })).resolves.toMatchObject({ count: 1 });
    await es.index({ index, id: '2', document: { n: 2 }, refresh: 'wait_for' });
    await expect(es.count({ index })).resolves.toMatchObject({ count: 2 });
    await es.delete({ index, id: '1', refresh: 'wait_for' });
    await expect(es.count({ index })).resolves.toMatchObject({ count: 1 });
  });

  it('refreshes periodically by default', async () => {
    const index = await ctx.index();
    await es.index({ index, id: '1', document: { n: 1 } });
    const deadline = Date.now() + 5000;
    let count = 0;
    while (count === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      count = (await es.count({ index })).count;
    }
    expect(count).toBe(1);
  });
});
