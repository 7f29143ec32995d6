import { CommandApi } from '../../test/command-api';

describe('POST /divisions', () => {
  let api: CommandApi;
  beforeAll(async () => {
    api = await CommandApi.start();
  });
  afterAll(() => api.stop());

  it('creates a division and writes DivisionCreated in the same transaction', async () => {
    const response = await api.post('/divisions', { id: 'elite-men', name: 'Elite men' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: 'elite-men', eventId: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    const events = await api.events();
    expect(events).toEqual([
      expect.objectContaining({
        eventId: response.body.eventId,
        type: 'DivisionCreated',
        schemaVersion: 1,
        divisionId: 'elite-men',
        data: { divisionId: 'elite-men', name: 'Elite men' },
      }),
    ]);
  });

  it('answers an identical repeat with 200 and the original response, writing no new event', async () => {
    const first = await api.post('/divisions', { id: 'repeat', name: 'Repeat' });
    const before = await api.snapshot();
    const again = await api.post('/divisions', { id: 'repeat', name: 'Repeat' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await api.snapshot()).toEqual(before);
  });

  it('answers the same id with a different body with 409, writing nothing', async () => {
    await api.post('/divisions', { id: 'taken', name: 'Taken' });
    const before = await api.snapshot();
    const response = await api.post('/divisions', { id: 'taken', name: 'Something else' });
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'division taken already exists with different values' });
    expect(await api.snapshot()).toEqual(before);
  });

  it('creates one division and one event when the same create arrives many times at once', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => api.post('/divisions', { id: 'rush', name: 'Rush' })));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(19);
    expect(new Set(responses.map((r) => r.body.eventId)).size).toBe(1);
    const events = (await api.events()).filter((e) => e.divisionId === 'rush');
    expect(events).toHaveLength(1);
  });

  it.each([
    [{ name: 'No id' }, 'id must match [a-z0-9-]{1,64}'],
    [{ id: 'Upper', name: 'x' }, 'id must match [a-z0-9-]{1,64}'],
    [{ id: 'has space', name: 'x' }, 'id must match [a-z0-9-]{1,64}'],
    [{ id: 'a'.repeat(65), name: 'x' }, 'id must match [a-z0-9-]{1,64}'],
    [{ id: 'no-name' }, 'name must be a string'],
    [{ id: 'empty-name', name: '' }, 'name must be longer than or equal to 1 characters'],
    [{ id: 'blank-name', name: '   ' }, 'name must not be blank or contain NUL characters'],
    [{ id: 'nul-name', name: 'a\u0000b' }, 'name must not be blank or contain NUL characters'],
    [{ id: 'long-name', name: 'n'.repeat(121) }, 'name must be shorter than or equal to 120 characters'],
    [{ id: 'number-name', name: 7 }, 'name must be a string'],
  ])('refuses %j with 400 and says why', async (body, message) => {
    const before = await api.snapshot();
    const response = await api.post('/divisions', body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.arrayContaining([message]) });
    expect(await api.snapshot()).toEqual(before);
  });

  it('accepts the longest id and name the contract allows', async () => {
    const response = await api.post('/divisions', { id: 'a'.repeat(64), name: 'n'.repeat(120) });
    expect(response.status).toBe(201);
  });
});
