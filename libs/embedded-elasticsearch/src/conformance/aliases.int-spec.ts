import { ConformanceContext, expectEsError, ids } from './conformance-support';

describe('alias APIs (conformance)', () => {
  const ctx = new ConformanceContext();
  const es = ctx.client;
  afterAll(() => ctx.cleanup());

  it('puts, gets and deletes an alias', async () => {
    const index = await ctx.index();
    const alias = ctx.alias();
    await expect(es.indices.putAlias({ index, name: alias })).resolves.toEqual({ acknowledged: true });
    await expect(es.indices.getAlias({ name: alias })).resolves.toEqual({ [index]: { aliases: { [alias]: {} } } });
    await expect(es.indices.getAlias({ index })).resolves.toEqual({ [index]: { aliases: { [alias]: {} } } });
    await expect(es.indices.getAlias({ index, name: alias })).resolves.toEqual({ [index]: { aliases: { [alias]: {} } } });
    await expect(es.indices.existsAlias({ name: alias })).resolves.toBe(true);
    await expect(es.indices.deleteAlias({ index, name: alias })).resolves.toEqual({ acknowledged: true });
    await expect(es.indices.existsAlias({ name: alias })).resolves.toBe(false);
  });

  it('answers a missing named alias with 404 and a string error', async () => {
    const alias = ctx.alias();
    const error = await expectEsError(es.indices.getAlias({ name: alias }), 404);
    expect(error.meta.body).toEqual({ error: `alias [${alias}] missing`, status: 404 });
  });

  it('lists an index without aliases with an empty aliases object', async () => {
    const index = await ctx.index();
    await expect(es.indices.getAlias({ index })).resolves.toEqual({ [index]: { aliases: {} } });
  });

  it('swaps an alias between indices atomically with _aliases', async () => {
    const v1 = await ctx.index();
    const v2 = await ctx.index();
    const alias = ctx.alias();
    await es.indices.putAlias({ index: v1, name: alias });
    await es.index({ index: v2, id: 'in-v2', document: { n: 2 }, refresh: true });
    const res = await es.indices.updateAliases({ actions: [{ remove: { index: v1, alias } }, { add: { index: v2, alias } }] });
    expect(res.acknowledged).toBe(true);
    await expect(es.indices.getAlias({ name: alias })).resolves.toEqual({ [v2]: { aliases: { [alias]: {} } } });
    expect(ids(await es.search({ index: alias }))).toEqual(['in-v2']);
  });

  it('applies nothing when one _aliases action fails', async () => {
    const v1 = await ctx.index();
    const alias = ctx.alias();
    await es.indices.putAlias({ index: v1, name: alias });
    const missing = `${v1}_missing`;
    await expectEsError(es.indices.updateAliases({ actions: [{ remove: { index: v1, alias } }, { add: { index: missing, alias } }] }), 404, 'index_not_found_exception');
    await expect(es.indices.getAlias({ name: alias })).resolves.toEqual({ [v1]: { aliases: { [alias]: {} } } });
  });

  it('removes an index with remove_index while moving its alias', async () => {
    const v1 = await ctx.index();
    const v2 = await ctx.index();
    const alias = ctx.alias();
    await es.indices.putAlias({ index: v1, name: alias });
    await es.indices.updateAliases({ actions: [{ add: { index: v2, alias } }, { remove_index: { index: v1 } }] });
    await expect(es.indices.exists({ index: v1 })).resolves.toBe(false);
    await expect(es.indices.getAlias({ name: alias })).resolves.toEqual({ [v2]: { aliases: { [alias]: {} } } });
  });

  it('writes through an alias to its write index and reads from all its indices', async () => {
    const old = await ctx.index();
    const current = await ctx.index();
    const alias = ctx.alias();
    await es.indices.updateAliases({
      actions: [{ add: { index: old, alias, is_write_index: false } }, { add: { index: current, alias, is_write_index: true } }],
    });
    await es.index({ index: old, id: 'a', document: { n: 1 } });
    const written = await es.index({ index: alias, id: 'b', document: { n: 2 }, refresh: true });
    expect(written._index).toBe(current);
    await es.indices.refresh({ index: alias });
    const res = await es.search({ index: alias, sort: [{ n: 'asc' }] });
    expect(res.hits.hits.map((h) => [h._index, h._id])).toEqual([[old, 'a'], [current, 'b']]);
    const got = await es.indices.getAlias({ name: alias });
    expect(got[current].aliases[alias]).toEqual({ is_write_index: true });
  });

  it('refuses a write through an alias with several indices and no write index', async () => {
    const a = await ctx.index();
    const b = await ctx.index();
    const alias = ctx.alias();
    await es.indices.updateAliases({ actions: [{ add: { indices: [a, b], alias } }] });
    await expectEsError(es.index({ index: alias, id: '1', document: { n: 1 } }), 400, 'illegal_argument_exception');
  });

  it('refuses an alias named like an existing index', async () => {
    const a = await ctx.index();
    const b = await ctx.index();
    await expectEsError(es.indices.putAlias({ index: a, name: b }), 400);
  });

  it('lists aliases in _cat/aliases', async () => {
    const index = await ctx.index();
    const alias = ctx.alias();
    await es.indices.putAlias({ index, name: alias, is_write_index: true });
    const rows = await es.cat.aliases({ name: alias, format: 'json' });
    expect(rows).toEqual([expect.objectContaining({ alias, index, is_write_index: 'true' })]);
  });
});
