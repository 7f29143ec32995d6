import { ConformanceContext, expectEsError } from './conformance-support';

describe('cluster and index APIs (conformance)', () => {
  const ctx = new ConformanceContext();
  const es = ctx.client;
  afterAll(() => ctx.cleanup());

  it('answers info with a 9.x version and ping with true', async () => {
    const info = await es.info();
    expect(info.version.number).toMatch(/^9\./);
    expect(info.tagline).toBe('You Know, for Search');
    await expect(es.ping()).resolves.toBe(true);
  });

  it('reports cluster health and answers wait_for_status at once when satisfied', async () => {
    const index = await ctx.index({ settings: { number_of_replicas: 0 } });
    const health = await es.cluster.health({ index, wait_for_status: 'green', timeout: '5s' });
    expect(health.status).toBe('green');
    expect(health.timed_out).toBe(false);
    expect(health.number_of_nodes).toBeGreaterThanOrEqual(1);
  });

  it('creates an index with settings, mappings and aliases, and gets them back', async () => {
    const index = ctx.name();
    const alias = ctx.alias();
    const created = await es.indices.create({
      index,
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: { properties: { name: { type: 'text' }, divisionId: { type: 'keyword' }, points: { type: 'integer' } } },
      aliases: { [alias]: { is_write_index: true } },
    });
    expect(created).toEqual({ acknowledged: true, shards_acknowledged: true, index });
    const got = await es.indices.get({ index });
    expect(got[index].mappings).toEqual({ properties: { name: { type: 'text' }, divisionId: { type: 'keyword' }, points: { type: 'integer' } } });
    expect(got[index].aliases).toEqual({ [alias]: { is_write_index: true } });
    expect(got[index].settings?.index?.number_of_replicas).toBe('0');
    expect(got[index].settings?.index?.provided_name).toBe(index);
  });

  it('refuses to create an index twice with resource_already_exists_exception', async () => {
    const index = await ctx.index();
    const error = await expectEsError(es.indices.create({ index }), 400, 'resource_already_exists_exception');
    expect((error.meta.body as { error: { index: string } }).error.index).toBe(index);
  });

  it('refuses upper-case index names', async () => {
    await expectEsError(es.indices.create({ index: 'Not_Lowercase' }), 400, 'invalid_index_name_exception');
  });

  it('tells whether an index exists (HEAD 200/404)', async () => {
    const index = await ctx.index();
    await expect(es.indices.exists({ index })).resolves.toBe(true);
    await expect(es.indices.exists({ index: `${index}_missing` })).resolves.toBe(false);
  });

  it('deletes indices by name and by list, and 404s on a missing one', async () => {
    const a = await ctx.index();
    const b = await ctx.index();
    const c = await ctx.index();
    await expect(es.indices.delete({ index: a })).resolves.toEqual({ acknowledged: true });
    await expect(es.indices.delete({ index: [b, c] })).resolves.toEqual({ acknowledged: true });
    await expect(es.indices.exists({ index: [b, c] })).resolves.toBe(false);
    const error = await expectEsError(es.indices.delete({ index: a }), 404, 'index_not_found_exception');
    expect((error.meta.body as { error: { reason: string } }).error.reason).toBe(`no such index [${a}]`);
  });

  it('puts and gets mappings, refusing a type change', async () => {
    const index = await ctx.index({ mappings: { properties: { points: { type: 'integer' } } } });
    await expect(es.indices.putMapping({ index, properties: { country: { type: 'keyword' } } })).resolves.toEqual({ acknowledged: true });
    const mapping = await es.indices.getMapping({ index });
    expect(mapping[index].mappings.properties).toEqual({ points: { type: 'integer' }, country: { type: 'keyword' } });
    await expectEsError(es.indices.putMapping({ index, properties: { points: { type: 'keyword' } } }), 400, 'illegal_argument_exception');
  });

  it('rejects an unknown field type with mapper_parsing_exception', async () => {
    await expectEsError(es.indices.create({ index: ctx.name(), mappings: { properties: { x: { type: 'no_such_type' as 'keyword' } } } }), 400, 'mapper_parsing_exception');
  });

  it('maps new fields dynamically: strings to text + keyword, numbers, booleans, dates', async () => {
    const index = await ctx.index();
    await es.index({ index, id: '1', document: { name: 'Ana', points: 3, ratio: 1.5, active: true, since: '2024-05-01T10:00:00Z' } });
    const props = (await es.indices.getMapping({ index }))[index].mappings.properties as Record<string, unknown>;
    expect(props.name).toEqual({ type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } });
    expect(props.points).toEqual({ type: 'long' });
    expect(props.ratio).toEqual({ type: 'float' });
    expect(props.active).toEqual({ type: 'boolean' });
    expect(props.since).toEqual({ type: 'date' });
  });

  it('auto-creates an index on the first document', async () => {
    const index = ctx.name();
    await es.index({ index, id: '1', document: { a: 1 } });
    await expect(es.indices.exists({ index })).resolves.toBe(true);
  });

  it('refreshes an index on request', async () => {
    const index = await ctx.index();
    const res = await es.indices.refresh({ index });
    expect(res._shards?.failed).toBe(0);
  });

  it('lists indices in _cat/indices as text and json', async () => {
    const index = await ctx.index({ settings: { number_of_replicas: 0 } });
    await es.index({ index, id: '1', document: { a: 1 }, refresh: true });
    const rows = await es.cat.indices({ index, format: 'json' });
    expect(rows).toEqual([expect.objectContaining({ index, health: 'green', status: 'open', 'docs.count': '1', pri: '1', rep: '0' })]);
    const text = (await es.cat.indices({ index, v: true })) as unknown as string;
    expect(text).toMatch(/^health\s+status\s+index/);
    expect(text).toContain(index);
  });
});
