import { CommandApi } from '../../test/command-api';

describe('POST /athletes', () => {
  let api: CommandApi;
  const athlete = (overrides: Record<string, unknown> = {}) => ({
    id: 'ana-silva',
    name: 'Ana Silva',
    divisionId: 'elite-women',
    weightClass: 'lightweight',
    country: 'BR',
    ...overrides,
  });

  beforeAll(async () => {
    api = await CommandApi.start();
    await api.givenDivision('elite-women');
  });
  afterAll(() => api.stop());

  it('registers an athlete and writes AthleteRegistered with the stored, upper-case country', async () => {
    const response = await api.post('/athletes', athlete({ country: 'br' }));
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: 'ana-silva', eventId: expect.any(String) });
    const event = (await api.events()).find((e) => e.eventId === response.body.eventId);
    expect(event).toMatchObject({
      type: 'AthleteRegistered',
      divisionId: 'elite-women',
      data: { athleteId: 'ana-silva', divisionId: 'elite-women', name: 'Ana Silva', weightClass: 'lightweight', country: 'BR' },
    });
    const { rows } = await api.sql.query('SELECT country, revision FROM athletes WHERE id = $1', ['ana-silva']);
    expect(rows).toEqual([{ country: 'BR', revision: 1 }]);
  });

  it('generates an id when none is given', async () => {
    const response = await api.post('/athletes', athlete({ id: undefined, name: 'No Id' }));
    expect(response.status).toBe(201);
    expect(response.body.id).toMatch(/^[a-z0-9-]{1,64}$/);
    expect((await api.events()).find((e) => e.eventId === response.body.eventId)?.data).toMatchObject({ athleteId: response.body.id });
  });

  it('answers an identical repeat with 200 and the original response, and a different body with 409', async () => {
    const first = await api.post('/athletes', athlete({ id: 'bia' }));
    const before = await api.snapshot();
    const again = await api.post('/athletes', athlete({ id: 'bia' }));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const different = await api.post('/athletes', athlete({ id: 'bia', weightClass: 'heavyweight' }));
    expect(different.status).toBe(409);
    expect(different.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(await api.snapshot()).toEqual(before);
  });

  it('answers 422 for a division that does not exist, writing nothing', async () => {
    const before = await api.snapshot();
    const response = await api.post('/athletes', athlete({ id: 'lost', divisionId: 'no-such-division' }));
    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: 'divisionId: division no-such-division does not exist',
    });
    expect(await api.snapshot()).toEqual(before);
  });

  it.each([
    [{ country: 'XX' }, 'country must be an ISO 3166-1 alpha-2 country code'],
    [{ country: 'BRA' }, 'country must be an ISO 3166-1 alpha-2 country code'],
    [{ country: 'UK' }, 'country must be an ISO 3166-1 alpha-2 country code'],
    [{ weightClass: '' }, 'weightClass must be longer than or equal to 1 characters'],
    [{ weightClass: 'w'.repeat(41) }, 'weightClass must be shorter than or equal to 40 characters'],
    [{ name: 'n'.repeat(121) }, 'name must be shorter than or equal to 120 characters'],
    [{ id: 'Not A Slug' }, 'id must match [a-z0-9-]{1,64}'],
    [{ id: null }, 'id must match [a-z0-9-]{1,64}'],
    [{ divisionId: undefined }, 'divisionId must match [a-z0-9-]{1,64}'],
  ])('refuses %j with 400', async (overrides, message) => {
    const response = await api.post('/athletes', athlete({ id: 'invalid', ...overrides }));
    expect(response.status).toBe(400);
    expect(response.body.message).toContain(message);
  });

  it('reports every problem of a body at once', async () => {
    const response = await api.post('/athletes', { name: '', divisionId: 'X', weightClass: '', country: 'ZZ' });
    expect(response.status).toBe(400);
    expect(response.body.message.length).toBeGreaterThanOrEqual(4);
  });
});
