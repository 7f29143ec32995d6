import { CommandApi } from '../../test/command-api';

/**
 * The inputs a hostile client tried (issue 12), each answered with a clear 4xx in the
 * contract's error shape and nothing written.
 */
describe('write API against hostile input', () => {
  let api: CommandApi;
  let matchId: string;
  const result = { winnerId: 'red', method: 'KO', completedAt: '2026-11-22T18:00:00Z' };

  beforeAll(async () => {
    api = await CommandApi.start();
    await api.givenDivision('hostile');
    await api.givenAthlete('red', 'hostile');
    await api.givenAthlete('blue', 'hostile');
    matchId = await api.givenMatch('hostile', 'red', 'blue');
  });
  afterAll(() => api.stop());

  /** Sends the request and checks the answer's status, shape and message, and that nothing was written. */
  async function expectRefused(
    method: string,
    path: string,
    body: string | undefined,
    status: number,
    message: RegExp | string,
    headers: Record<string, string> = {},
  ): Promise<void> {
    const before = await api.snapshot();
    const response = await api.request(method, path, { body, headers });
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ statusCode: status, error: expect.any(String), message: expect.anything() });
    const messages = ([] as string[]).concat(response.body.message);
    expect(messages.some((m) => (typeof message === 'string' ? m === message : message.test(m)))).toBe(true);
    expect(await api.snapshot()).toEqual(before);
  }

  it('refuses a lone UTF-16 surrogate in a name on create and on PATCH', async () => {
    await expectRefused('POST', '/divisions', '{"id":"lone","name":"\\ud800"}', 400, /lone UTF-16 surrogate at name/);
    await expectRefused('PATCH', '/athletes/red', '{"name":"\\udfff"}', 400, /lone UTF-16 surrogate at name/);
    await expectRefused('POST', '/divisions', '{"id":"lone","name":"x","\\ud800":1}', 400, /surrogate/);
  });

  it('refuses bytes that are not UTF-8 (an encoded surrogate included)', async () => {
    const before = await api.snapshot();
    const bytes = Buffer.concat([Buffer.from('{"id":"bytes","name":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]);
    const response = await fetch(`${api.url}/divisions`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-writer-key', 'content-type': 'application/json' },
      body: bytes,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Body is not valid UTF-8' });
    expect(await api.snapshot()).toEqual(before);
  });

  it('refuses JSON nested 5,000 deep quickly, without a stack overflow', async () => {
    const deep = `{"id":"deep","name":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const started = Date.now();
    await expectRefused('POST', '/divisions', deep, 400, 'Body is nested deeper than 16 levels');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('answers 404 for a NUL byte or an encoded surrogate in an id in the path', async () => {
    await expectRefused('PATCH', '/athletes/ab%00c', '{"name":"x"}', 404, 'athlete ab\u0000c not found');
    await expectRefused('POST', `/matches/${matchId}%00/result`, JSON.stringify(result), 404, /^match .* not found$/);
    await expectRefused('PATCH', '/athletes/%ED%A0%80', '{"name":"x"}', 400, /Malformed URL/);
  });

  it.each(['0000-01-01T00:00:00Z', '0001-01-01T00:00:00+14:00', '9999-12-31T23:00:00-02:00'])(
    'refuses the date %s, which Postgres cannot store, in completedAt and scheduledAt',
    async (date) => {
      const range = /between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z/;
      await expectRefused('POST', `/matches/${matchId}/result`, JSON.stringify({ ...result, completedAt: date }), 400, range);
      await expectRefused('PUT', `/matches/${matchId}/result`, JSON.stringify({ ...result, completedAt: date }), 400, range);
      const match = { divisionId: 'hostile', redAthleteId: 'red', blueAthleteId: 'blue', scheduledAt: date };
      await expectRefused('POST', '/matches', JSON.stringify(match), 400, range);
    },
  );

  it('refuses a completion time in the future beyond a small clock skew', async () => {
    const message = /^completedAt 2099-01-01T00:00:00.000Z is in the future/;
    await expectRefused(
      'POST',
      `/matches/${matchId}/result`,
      JSON.stringify({ ...result, completedAt: '2099-01-01T00:00:00Z' }),
      400,
      message,
    );
    const soon = new Date(Date.now() + 60_000).toISOString();
    const other = await api.givenMatch('hostile', 'red', 'blue');
    expect((await api.post(`/matches/${other}/result`, { ...result, completedAt: soon })).status).toBe(201);
  });

  it.each(['toString', 'valueOf', 'hasOwnProperty', 'constructor', '__proto__', 'isPrototypeOf'])(
    'refuses the unknown field %s, named like an object member',
    async (field) => {
      await expectRefused(
        'POST',
        '/divisions',
        `{"id":"proto","name":"P","${field}":"x"}`,
        400,
        `property ${field} should not exist`,
      );
      await expectRefused('PATCH', '/athletes/red', `{"${field}":{}}`, 400, `property ${field} should not exist`);
    },
  );

  it('refuses a key sent twice in one object', async () => {
    await expectRefused('POST', '/divisions', '{"id":"twice","name":"A","name":"B"}', 400, /repeats the key "name"/);
  });

  it('refuses query parameters on a write, NUL and surrogates included', async () => {
    const body = JSON.stringify({ id: 'query', name: 'Q' });
    await expectRefused('POST', '/divisions?admin=true', body, 400, 'query parameter admin is not accepted');
    await expectRefused('POST', '/divisions?a%00=1', body, 400, /query parameter .* is not accepted/);
    await expectRefused('POST', '/divisions?x=%ED%A0%80', body, 400, /query parameter x is not accepted/);
  });

  it('answers a body without a content type with a clear 415', async () => {
    const before = await api.snapshot();
    const response = await fetch(`${api.url}/divisions`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-writer-key' },
      body: new Uint8Array(Buffer.from('{"id":"typeless","name":"T"}')),
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: 'Content-Type must be application/json (none was sent)',
    });
    expect(await api.snapshot()).toEqual(before);
  });

  it('says that a missing country is required, and what it must be', async () => {
    const response = await api.post('/athletes', { name: 'No Country', divisionId: 'hostile', weightClass: 'light' });
    expect(response.status).toBe(400);
    expect(response.body.message).toEqual(['country is required', 'country must be an ISO 3166-1 alpha-2 country code']);
  });

  it('answers oversized headers with 431 in the error shape', async () => {
    const response = await fetch(`${api.url}/divisions`, { method: 'POST', headers: { 'x-padding': 'p'.repeat(20_000) } });
    expect(response.status).toBe(431);
    expect(await response.json()).toEqual({
      statusCode: 431,
      error: 'Request Header Fields Too Large',
      message: 'Request headers are too large',
    });
  });
});
