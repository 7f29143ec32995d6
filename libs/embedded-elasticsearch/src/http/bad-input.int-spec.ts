import { EmbeddedElasticsearch, startEmbeddedElasticsearch } from '../index';

/** Stand-in only: hostile or broken requests get an ES-shaped 4xx and the server keeps serving. */
interface ErrorBody {
  status?: number;
  error: { type: string; root_cause: Array<{ type: string; reason: string }> };
}

describe('embedded elasticsearch: bad input', () => {
  let es: EmbeddedElasticsearch;
  beforeAll(async () => {
    es = await startEmbeddedElasticsearch({ port: 0, maxBodyBytes: 1024 * 1024 });
  });
  afterAll(() => es.close());

  const send = async (method: string, path: string, body?: string | Buffer, contentType = 'application/json') => {
    const res = await fetch(`${es.url}${path}`, { method, body, headers: { 'content-type': contentType } });
    const text = await res.text();
    return { status: res.status, product: res.headers.get('x-elastic-product'), body: text ? (JSON.parse(text) as ErrorBody) : undefined };
  };

  const expectShaped = (res: { status: number; body?: ErrorBody }, status: number, type: string | RegExp) => {
    expect(res.status).toBe(status);
    expect(res.body?.status).toBe(status);
    // Shard-level failures are wrapped (search_phase_execution_exception) with the cause as root cause.
    const types = [res.body?.error.type ?? '', res.body?.error.root_cause[0]?.type ?? ''];
    expect(types.some((t) => (typeof type === 'string' ? t === type : type.test(t)))).toBe(true);
    expect(res.body?.error.root_cause[0].reason).toEqual(expect.any(String));
  };

  afterEach(async () => {
    // Whatever the previous request did, the server still answers.
    expect((await send('GET', '/')).status).toBe(200);
  });

  it('refuses options it cannot honour instead of ignoring them', async () => {
    const nd = (...lines: object[]) => `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
    expectShaped(await send('PUT', '/refused-alias', JSON.stringify({ aliases: { a1: { filter: { term: { x: 1 } } } } })), 400, 'illegal_argument_exception');
    expectShaped(await send('PUT', '/refused-alias', JSON.stringify({ aliases: { a1: { routing: '1' } } })), 400, 'illegal_argument_exception');
    expectShaped(await send('PUT', '/refused-ds/_doc/1?require_data_stream=true', '{}'), 400, 'illegal_argument_exception');
    expectShaped(await send('POST', '/_bulk', nd({ index: { _index: 'refused-dt', _id: '1', dynamic_templates: { f: 't' } } }, { f: 1 }), 'application/x-ndjson'), 400, 'illegal_argument_exception');
    expectShaped(await send('POST', '/_bulk?_source=true', nd({ update: { _index: 'refused-src', _id: '1' } }, { doc: {}, doc_as_upsert: true }), 'application/x-ndjson'), 400, 'illegal_argument_exception');
    await send('PUT', '/refused-dbq', '{}');
    expectShaped(await send('POST', '/refused-dbq/_delete_by_query?slices=2', '{"query":{"match_all":{}}}'), 400, 'illegal_argument_exception');
    expectShaped(await send('POST', '/refused-dbq/_delete_by_query?requests_per_second=10', '{"query":{"match_all":{}}}'), 400, 'illegal_argument_exception');
    expectShaped(await send('POST', '/refused-dbq/_delete_by_query?max_docs=0', '{"query":{"match_all":{}}}'), 400, 'action_request_validation_exception');
    expectShaped(await send('POST', '/refused-dbq/_search', '{"aggs":{"m":{"max":{"field":"x","format":"0.0"}}}}'), 400, 'illegal_argument_exception');
    expect((await send('HEAD', '/refused-alias')).status).toBe(404);
    expect((await send('HEAD', '/refused-dt')).status).toBe(404);
  });

  it('answers malformed JSON with x_content_parse_exception', async () => {
    expectShaped(await send('PUT', '/bad-json/_doc/1', '{"name": "unterminated'), 400, 'x_content_parse_exception');
    expectShaped(await send('POST', '/_search', '{"query": {'), 400, 'x_content_parse_exception');
  });

  it('answers NDJSON with a missing source line or a bad action with 400', async () => {
    expectShaped(await send('POST', '/_bulk', '{"index":{"_index":"b1","_id":"1"}}\n', 'application/x-ndjson'), 400, 'illegal_argument_exception');
    expectShaped(await send('POST', '/_bulk', '{"index":{"_index":"b1"}}\n{"a":1}\n{"frobnicate":{}}\n{"a":1}\n', 'application/x-ndjson'), 400, 'illegal_argument_exception');
    expectShaped(await send('POST', '/_bulk', 'not json\n', 'application/x-ndjson'), 400, 'x_content_parse_exception');
    expectShaped(await send('POST', '/_bulk', '{"index":{"_index":"b1"}}\n{"a":1}', 'application/x-ndjson'), 400, 'illegal_argument_exception');
    // Nothing of a rejected bulk was applied.
    expect((await send('HEAD', '/b1')).status).toBe(404);
  });

  it('answers malformed _msearch NDJSON with 400 and runs none of it', async () => {
    const nd = 'application/x-ndjson';
    expectShaped(await send('POST', '/_msearch', 'not json\n{}\n', nd), 400, 'x_content_parse_exception');
    expectShaped(await send('POST', '/_msearch', '{}\n{"query": {\n', nd), 400, 'x_content_parse_exception');
    expectShaped(await send('POST', '/_msearch', '{}\n{"query":{"match_all":{}}}', nd), 400, 'illegal_argument_exception');
    expectShaped(await send('POST', '/_msearch', '{}\n', nd), 400, 'illegal_argument_exception');
    expectShaped(await send('POST', '/_msearch', '[1]\n{}\n', nd), 400, 'illegal_argument_exception');
    expectShaped(await send('POST', '/_msearch', '{}\n{"unknown_key":1}\n', nd), 400, 'parsing_exception');
    expectShaped(await send('POST', '/_msearch?frobnicate=1', '{}\n{}\n', nd), 400, 'illegal_argument_exception');
    // A search the engine refuses fails its own item only, shaped like the _search error.
    await send('PUT', '/ms1', '{}');
    const res = await fetch(`${es.url}/ms1/_msearch`, { method: 'POST', body: '{}\n{"size":20000}\n{}\n{}\n', headers: { 'content-type': nd } });
    const body = (await res.json()) as { responses: Array<{ status: number; error?: { type: string } }> };
    expect(res.status).toBe(200);
    expect(body.responses.map((r) => [r.status, r.error?.type])).toEqual([[400, 'search_phase_execution_exception'], [200, undefined]]);
  });

  it('answers unknown and unsupported queries, aggregations and params with 400', async () => {
    await send('PUT', '/q1', '{}');
    expectShaped(await send('POST', '/q1/_search', JSON.stringify({ query: { nope: {} } })), 400, 'parsing_exception');
    expectShaped(await send('POST', '/q1/_search', JSON.stringify({ query: { match: { a: { query: 'x', fuzziness: 'AUTO' } } } })), 400, 'illegal_argument_exception');
    expectShaped(await send('POST', '/q1/_search', JSON.stringify({ query: { term: { a: { value: 'x', bogus: 1 } } } })), 400, 'parsing_exception');
    expectShaped(await send('POST', '/q1/_search', JSON.stringify({ aggs: { x: { nope: { field: 'a' } } } })), 400, 'parsing_exception');
    expectShaped(await send('POST', '/q1/_search', JSON.stringify({ highlight: { fields: {} } })), 400, 'illegal_argument_exception');
    expectShaped(await send('POST', '/q1/_search?frobnicate=1', '{}'), 400, 'illegal_argument_exception');
    expectShaped(await send('POST', '/q1/_search', JSON.stringify({ unknown_key: 1 })), 400, 'parsing_exception');
  });

  it('refuses a body over the size cap with 413', async () => {
    expectShaped(await send('PUT', '/big/_doc/1', Buffer.alloc(2 * 1024 * 1024, 'a')), 413, 'content_too_long_exception');
  });

  it('refuses an unsupported content type and an unknown route', async () => {
    const res = await send('POST', '/_search', '{}', 'text/plain');
    expect(res.status).toBe(406);
    expect(res.product).toBe('Elasticsearch');
    expect((await send('GET', '/_no_such_api')).status).toBe(400);
  });

  it('survives odd documents: arrays of objects, deep nesting, type clashes', async () => {
    await send('PUT', '/odd', JSON.stringify({ mappings: { properties: { n: { type: 'long' } } } }));
    expect((await send('PUT', '/odd/_doc/1', JSON.stringify({ a: [{ b: 1 }, { b: 2 }], deep: { x: { y: { z: 'w' } } } }))).status).toBe(201);
    expectShaped(await send('PUT', '/odd/_doc/2', JSON.stringify({ n: { nested: true } })), 400, /parsing_exception/);
    expectShaped(await send('PUT', '/odd/_doc/3', '[1,2,3]'), 400, 'x_content_parse_exception');
    expectShaped(await send('PUT', '/odd/_doc/4', JSON.stringify({ deep: 'now a string' })), 400, /parsing_exception/);
  });
});
