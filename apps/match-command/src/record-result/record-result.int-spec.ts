import { randomUUID } from 'node:crypto';
import { CommandApi } from '../../test/command-api';

describe('POST /matches/:id/result', () => {
  let api: CommandApi;
  const ko = { winnerId: 'red', method: 'KO', completedAt: '2026-11-22T18:30:00Z' };
  const newMatch = () => api.givenMatch('results', 'red', 'blue');

  beforeAll(async () => {
    api = await CommandApi.start();
    await api.givenDivision('results');
    await api.givenAthlete('red', 'results');
    await api.givenAthlete('blue', 'results');
    await api.givenAthlete('bystander', 'results');
  });
  afterAll(() => api.stop());

  it('records the result and writes MatchCompleted with both athletes and revision 1', async () => {
    const matchId = await newMatch();
    const response = await api.post(`/matches/${matchId}/result`, ko);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ matchId, eventId: expect.any(String) });
    const event = (await api.events()).find((e) => e.eventId === response.body.eventId);
    expect(event).toMatchObject({
      type: 'MatchCompleted',
      schemaVersion: 1,
      divisionId: 'results',
      data: {
        matchId,
        divisionId: 'results',
        redAthleteId: 'red',
        blueAthleteId: 'blue',
        winnerId: 'red',
        method: 'KO',
        completedAt: '2026-11-22T18:30:00.000Z',
        revision: 1,
      },
    });
  });

  it('records a draw with no winner', async () => {
    const matchId = await newMatch();
    const response = await api.post(`/matches/${matchId}/result`, { winnerId: null, method: 'DRAW', completedAt: '2026-11-22T18:30:00Z' });
    expect(response.status).toBe(201);
    expect((await api.events()).find((e) => e.eventId === response.body.eventId)?.data).toMatchObject({ winnerId: null, method: 'DRAW' });
  });

  it('answers the same result again with 200, the original response and no new event', async () => {
    const matchId = await newMatch();
    const first = await api.post(`/matches/${matchId}/result`, ko);
    const before = await api.snapshot();
    const again = await api.post(`/matches/${matchId}/result`, { ...ko, completedAt: '2026-11-22T20:30:00.000+02:00' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await api.snapshot()).toEqual(before);
  });

  it('answers a different result for a completed match with 409, writing nothing', async () => {
    const matchId = await newMatch();
    await api.post(`/matches/${matchId}/result`, ko);
    const before = await api.snapshot();
    for (const different of [{ ...ko, winnerId: 'blue' }, { ...ko, method: 'TKO' }, { ...ko, completedAt: '2026-11-22T18:31:00Z' }]) {
      const response = await api.post(`/matches/${matchId}/result`, different);
      expect(response.status).toBe(409);
      expect(response.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: `match ${matchId} already has a different result; use PUT to correct it`,
      });
    }
    expect(await api.snapshot()).toEqual(before);
  });

  it('answers 404 for an unknown match in the path, including one that is not a UUID', async () => {
    const before = await api.snapshot();
    const unknown = randomUUID();
    const response = await api.post(`/matches/${unknown}/result`, ko);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ statusCode: 404, error: 'Not Found', message: `match ${unknown} not found` });
    expect((await api.post('/matches/not-a-uuid/result', ko)).status).toBe(404);
    expect(await api.snapshot()).toEqual(before);
  });

  it.each([
    [{ winnerId: 'bystander', method: 'KO' }, 'winnerId: athlete bystander is not in match'],
    [{ winnerId: 'ghost', method: 'KO' }, 'winnerId: athlete ghost is not in match'],
    [{ winnerId: null, method: 'KO' }, 'winnerId is required when method is KO'],
    [{ winnerId: 'red', method: 'DRAW' }, 'winnerId must be null when method is DRAW'],
  ])('answers 422 for %j, writing nothing', async (body, message) => {
    const matchId = await newMatch();
    const before = await api.snapshot();
    const response = await api.post(`/matches/${matchId}/result`, { ...body, completedAt: '2026-11-22T18:30:00Z' });
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ statusCode: 422, error: 'Unprocessable Entity', message: expect.stringContaining(message) });
    expect(await api.snapshot()).toEqual(before);
  });

  it.each([
    [{ method: 'ARMBAR' }, 'method must be one of KO, TKO, SUBMISSION, DECISION, DQ, DRAW'],
    [{ completedAt: '22/11/2026' }, 'completedAt must be an ISO-8601 date-time with a time zone, e.g. 2026-11-22T18:00:00Z'],
    [{ completedAt: undefined }, 'completedAt must be an ISO-8601 date-time with a time zone, e.g. 2026-11-22T18:00:00Z'],
    [{ winnerId: undefined }, 'winnerId must be an athlete id or null'],
    [{ winnerId: 'Not Slug' }, 'winnerId must match [a-z0-9-]{1,64}'],
    [{ referee: 'x' }, 'property referee should not exist'],
  ])('refuses %j with 400', async (overrides, message) => {
    const matchId = await newMatch();
    const response = await api.post(`/matches/${matchId}/result`, { ...ko, ...overrides });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain(message);
  });

  it('turns 50 concurrent identical posts into exactly one event, every answer 201 or 200 with the same event id', async () => {
    const matchId = await newMatch();
    const responses = await Promise.all(Array.from({ length: 50 }, () => api.post(`/matches/${matchId}/result`, ko)));
    expect(responses.map((r) => r.status).filter((s) => s !== 200 && s !== 201)).toEqual([]);
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(responses.map((r) => r.body.eventId)).size).toBe(1);
    const events = (await api.events()).filter((e) => e.type === 'MatchCompleted' && e.data.matchId === matchId);
    expect(events.map((e) => e.eventId)).toEqual([responses[0].body.eventId]);
  });

  it('lets exactly one of 50 concurrent different posts for one match win; the rest get 409', async () => {
    const matchId = await newMatch();
    const bodies = Array.from({ length: 50 }, (_, i) => ({ ...ko, completedAt: new Date(Date.UTC(2026, 10, 22, 18, i)).toISOString() }));
    const responses = await Promise.all(bodies.map((body) => api.post(`/matches/${matchId}/result`, body)));
    const winners = responses.filter((r) => r.status === 201);
    expect(winners).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(49);
    const events = (await api.events()).filter((e) => e.type === 'MatchCompleted' && e.data.matchId === matchId);
    expect(events.map((e) => e.eventId)).toEqual([winners[0].body.eventId]);
    const winningBody = bodies[responses.indexOf(winners[0])];
    expect(events[0].data).toMatchObject({ completedAt: winningBody.completedAt });
  });
});
