import { CommandApi } from '../../test/command-api';

describe('PATCH /athletes/:id', () => {
  let api: CommandApi;
  beforeAll(async () => {
    api = await CommandApi.start();
    await api.givenDivision('feather');
    await api.givenAthlete('fia', 'feather');
  });
  afterAll(() => api.stop());

  it('changes the given fields and writes AthleteUpdated with the full new state and the next revision', async () => {
    await api.givenAthlete('carla', 'feather');
    const first = await api.request('PATCH', '/athletes/carla', { body: { name: 'Carla Dias', country: 'pt' } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ id: 'carla', eventId: expect.any(String) });
    const second = await api.request('PATCH', '/athletes/carla', { body: { weightClass: 'bantamweight' } });
    expect(second.status).toBe(200);

    const updates = (await api.events()).filter((e) => e.type === 'AthleteUpdated');
    expect(updates.map((e) => [e.eventId, e.data])).toEqual([
      [
        first.body.eventId,
        { athleteId: 'carla', divisionId: 'feather', name: 'Carla Dias', weightClass: 'lightweight', country: 'PT', revision: 2 },
      ],
      [
        second.body.eventId,
        { athleteId: 'carla', divisionId: 'feather', name: 'Carla Dias', weightClass: 'bantamweight', country: 'PT', revision: 3 },
      ],
    ]);
    const { rows } = await api.sql.query('SELECT name, weight_class, country, revision FROM athletes WHERE id = $1', ['carla']);
    expect(rows).toEqual([{ name: 'Carla Dias', weight_class: 'bantamweight', country: 'PT', revision: 3 }]);
  });

  it('gives concurrent updates of one athlete distinct, consecutive revisions', async () => {
    await api.givenAthlete('dora', 'feather');
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => api.request('PATCH', '/athletes/dora', { body: { name: `Dora ${i}` } })),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const revisions = (await api.events())
      .filter((e) => e.type === 'AthleteUpdated' && e.data.athleteId === 'dora')
      .map((e) => (e.data as { revision: number }).revision)
      .sort((a, b) => a - b);
    expect(revisions).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('answers 404 for an unknown athlete, writing nothing', async () => {
    const before = await api.snapshot();
    const response = await api.request('PATCH', '/athletes/nobody', { body: { name: 'Nobody' } });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'athlete nobody not found' });
    expect(await api.snapshot()).toEqual(before);
  });

  it('refuses an empty body with 400', async () => {
    await api.givenAthlete('eva', 'feather');
    const before = await api.snapshot();
    const response = await api.request('PATCH', '/athletes/eva', { body: {} });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'body must contain at least one of name, weightClass, country',
    });
    expect(await api.snapshot()).toEqual(before);
  });

  it.each([
    [{ divisionId: 'other' }, 'property divisionId should not exist'],
    [{ id: 'renamed' }, 'property id should not exist'],
    [{ name: null }, 'name must be a string'],
    [{ country: 'QQ' }, 'country must be an ISO 3166-1 alpha-2 country code'],
    [{ weightClass: '' }, 'weightClass must be longer than or equal to 1 characters'],
  ])('refuses %j with 400', async (body, message) => {
    const response = await api.request('PATCH', '/athletes/fia', { body });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain(message);
  });
});
