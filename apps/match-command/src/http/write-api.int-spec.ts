import { CommandApi, KEYS } from '../../test/command-api';
import { BODY_LIMIT_BYTES } from '../match-command.app';

/** Rules every write shares: auth, body handling, the error shape. */
describe('write API (HTTP rules shared by every command)', () => {
  let api: CommandApi;
  let matchId: string;

  beforeAll(async () => {
    api = await CommandApi.start();
    await api.givenDivision('shared-rules');
    await api.givenAthlete('red', 'shared-rules');
    await api.givenAthlete('blue', 'shared-rules');
    matchId = await api.givenMatch('shared-rules', 'red', 'blue');
  });
  afterAll(() => api.stop());

  const writes = () => [
    ['POST', '/divisions', { id: 'd-auth', name: 'Auth' }],
    ['POST', '/athletes', { name: 'Ana', divisionId: 'shared-rules', weightClass: 'light', country: 'BR' }],
    ['PATCH', '/athletes/red', { name: 'Renamed' }],
    ['POST', '/matches', { divisionId: 'shared-rules', redAthleteId: 'red', blueAthleteId: 'blue' }],
    ['POST', `/matches/${matchId}/result`, { winnerId: 'red', method: 'KO', completedAt: '2026-11-22T18:00:00Z' }],
    ['PUT', `/matches/${matchId}/result`, { winnerId: 'red', method: 'KO', completedAt: '2026-11-22T18:00:00Z' }],
  ] as const;

  it('answers 401 without a key, 401 for an unknown key and 403 for a key without the write scope, writing nothing', async () => {
    const before = await api.snapshot();
    for (const [method, path, body] of writes()) {
      const missing = await api.request(method, path, { body, key: null });
      expect(missing.status).toBe(401);
      expect(missing.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Missing bearer API key' });
      expect(missing.headers.get('www-authenticate')).toBe('Bearer');

      const unknown = await api.request(method, path, { body, key: `${KEYS.writer}x` });
      expect(unknown.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Unknown API key' });

      const wrongScope = await api.request(method, path, { body, key: KEYS.admin });
      expect(wrongScope.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'API key lacks the write scope' });
    }
    expect(await api.snapshot()).toEqual(before);
  });

  it('checks the key before the body, so a stranger learns nothing about validation', async () => {
    const response = await api.post('/divisions', { nonsense: true }, { key: null });
    expect(response.status).toBe(401);
  });

  it('refuses malformed JSON with 400', async () => {
    const response = await api.request('POST', '/divisions', { body: '{"id": "x", "name":' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/JSON/) });
  });

  it('refuses a body that is not a JSON object with 400', async () => {
    for (const body of ['[]', '"text"', '42', 'null']) {
      const response = await api.request('POST', '/divisions', { body });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
  });

  it('refuses an empty body with 400', async () => {
    const response = await api.request('POST', '/divisions', { body: '' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await api.request('POST', '/divisions', { body: 'id=x&name=y', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
    const text = await api.request('POST', '/divisions', { body: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
  });

  it('refuses a body one byte over 64 KiB with 413 and reads one of exactly 64 KiB', async () => {
    const sized = (bytes: number) => {
      const frame = JSON.stringify({ id: 'big', name: '' });
      return JSON.stringify({ id: 'big', name: 'n'.repeat(bytes - frame.length) });
    };
    expect(Buffer.byteLength(sized(BODY_LIMIT_BYTES + 1))).toBe(64 * 1024 + 1);

    const over = await api.request('POST', '/divisions', { body: sized(BODY_LIMIT_BYTES + 1) });
    expect(over.status).toBe(413);
    expect(over.body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: expect.any(String) });

    // At the limit the body is parsed and validated: the name is too long, a 400, not a 413.
    const atLimit = await api.request('POST', '/divisions', { body: sized(BODY_LIMIT_BYTES) });
    expect(atLimit.status).toBe(400);
    expect(atLimit.body.message).toEqual(['name must be shorter than or equal to 120 characters']);
  });

  it('refuses unknown fields with 400, listing them', async () => {
    const response = await api.post('/divisions', { id: 'extra', name: 'Extra', color: 'red', admin: true });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.arrayContaining(['property color should not exist', 'property admin should not exist']),
    });
    expect(await api.count('divisions')).toBe(1);
  });

  it('refuses prototype pollution attempts', async () => {
    const response = await api.request('POST', '/divisions', { body: '{"id":"p","name":"P","__proto__":{"admin":true}}' });
    expect(response.status).toBe(400);
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const response = await api.request('GET', '/nowhere', { key: null });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /nowhere' });
  });

  it('serves /health and the OpenAPI spec without a key', async () => {
    const health = await api.request('GET', '/health', { key: null });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });

    const spec = await api.request('GET', '/docs-json', { key: null });
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/divisions', '/athletes', '/athletes/{id}', '/matches', '/matches/{id}/result']),
    );
    expect(spec.body.components.securitySchemes).toHaveProperty('bearer');
  });

  it('counts commands by type and outcome and times them in /metrics', async () => {
    await api.post('/divisions', { id: 'metered', name: 'Metered' });
    await api.post('/divisions', { id: 'metered', name: 'Metered' });
    await api.post('/divisions', { id: 'metered', name: 'Other' });
    const metrics = await api.request('GET', '/metrics', { key: null });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/commands_total\{command="create_division",outcome="applied"\} \d+/);
    expect(metrics.body).toMatch(/commands_total\{command="create_division",outcome="replayed"\} [1-9]/);
    expect(metrics.body).toMatch(/commands_total\{command="create_division",outcome="rejected"\} [1-9]/);
    expect(metrics.body).toMatch(/command_duration_seconds_bucket\{le="0.1",command="create_division",outcome="applied"\}/);
  });
});
