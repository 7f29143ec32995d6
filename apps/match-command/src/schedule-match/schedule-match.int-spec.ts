import { randomUUID } from 'node:crypto';
import { CommandApi } from '../../test/command-api';

describe('POST /matches', () => {
  let api: CommandApi;
  beforeAll(async () => {
    api = await CommandApi.start();
    await api.givenDivision('open');
    await api.givenDivision('other');
    await api.givenAthlete('red', 'open');
    await api.givenAthlete('blue', 'open');
    await api.givenAthlete('outsider', 'other');
  });
  afterAll(() => api.stop());

  it('schedules a match with a generated id and writes MatchScheduled', async () => {
    const response = await api.post('/matches', { divisionId: 'open', redAthleteId: 'red', blueAthleteId: 'blue', scheduledAt: '2026-11-22T20:00:00+02:00' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-/), eventId: expect.any(String) });
    const event = (await api.events()).find((e) => e.eventId === response.body.eventId);
    expect(event).toMatchObject({
      type: 'MatchScheduled',
      divisionId: 'open',
      data: { matchId: response.body.id, divisionId: 'open', redAthleteId: 'red', blueAthleteId: 'blue', scheduledAt: '2026-11-22T18:00:00.000Z' },
    });
  });

  it('schedules without a date as scheduledAt null', async () => {
    const response = await api.post('/matches', { divisionId: 'open', redAthleteId: 'blue', blueAthleteId: 'red' });
    expect(response.status).toBe(201);
    expect((await api.events()).find((e) => e.eventId === response.body.eventId)?.data).toMatchObject({ scheduledAt: null });
  });

  it('answers a repeat with the same id and body with 200 and the original response, a different body with 409', async () => {
    const id = randomUUID();
    const body = { id, divisionId: 'open', redAthleteId: 'red', blueAthleteId: 'blue', scheduledAt: '2026-11-22T18:00:00Z' };
    const first = await api.post('/matches', body);
    expect(first.status).toBe(201);
    expect(first.body.id).toBe(id);
    const before = await api.snapshot();

    const same = await api.post('/matches', { ...body, scheduledAt: '2026-11-22T18:00:00.000+00:00' });
    expect(same.status).toBe(200);
    expect(same.body).toEqual(first.body);

    const swapped = await api.post('/matches', { ...body, redAthleteId: 'blue', blueAthleteId: 'red' });
    expect(swapped.status).toBe(409);
    const rescheduled = await api.post('/matches', { ...body, scheduledAt: '2026-11-23T18:00:00Z' });
    expect(rescheduled.status).toBe(409);
    expect(rescheduled.body).toEqual({ statusCode: 409, error: 'Conflict', message: `match ${id} already exists with different values` });
    expect(await api.snapshot()).toEqual(before);
  });

  it('answers 422 for an unknown division or athlete, naming the field', async () => {
    const before = await api.snapshot();
    const cases = [
      [{ divisionId: 'nowhere', redAthleteId: 'red', blueAthleteId: 'blue' }, 'divisionId: division nowhere does not exist'],
      [{ divisionId: 'open', redAthleteId: 'ghost', blueAthleteId: 'blue' }, 'redAthleteId: athlete ghost does not exist'],
      [{ divisionId: 'open', redAthleteId: 'red', blueAthleteId: 'ghost' }, 'blueAthleteId: athlete ghost does not exist'],
    ] as const;
    for (const [body, message] of cases) {
      const response = await api.post('/matches', body);
      expect(response.status).toBe(422);
      expect(response.body).toEqual({ statusCode: 422, error: 'Unprocessable Entity', message });
    }
    expect(await api.snapshot()).toEqual(before);
  });

  it('answers 422 when an athlete belongs to another division', async () => {
    const response = await api.post('/matches', { divisionId: 'open', redAthleteId: 'red', blueAthleteId: 'outsider' });
    expect(response.status).toBe(422);
    expect(response.body.message).toBe('blueAthleteId: athlete outsider is in division other, not open');
  });

  it('answers 400 when an athlete would fight themself', async () => {
    const before = await api.snapshot();
    const response = await api.post('/matches', { divisionId: 'open', redAthleteId: 'red', blueAthleteId: 'red' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'redAthleteId and blueAthleteId must be different athletes' });
    expect(await api.snapshot()).toEqual(before);
  });

  it.each([
    [{ id: 'not-a-uuid' }, 'id must be a UUID'],
    [{ scheduledAt: 'tomorrow' }, 'scheduledAt must be an ISO-8601 date-time with a time zone, e.g. 2026-11-22T18:00:00Z'],
    [{ scheduledAt: '2026-11-22T18:00:00' }, 'scheduledAt must be an ISO-8601 date-time with a time zone, e.g. 2026-11-22T18:00:00Z'],
    [{ scheduledAt: '2026-02-30T18:00:00Z' }, 'scheduledAt must be an ISO-8601 date-time with a time zone, e.g. 2026-11-22T18:00:00Z'],
    [{ redAthleteId: undefined }, 'redAthleteId must match [a-z0-9-]{1,64}'],
  ])('refuses %j with 400', async (overrides, message) => {
    const response = await api.post('/matches', { divisionId: 'open', redAthleteId: 'red', blueAthleteId: 'blue', ...overrides });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain(message);
  });
});
