import { randomUUID } from 'node:crypto';
import { CommandApi } from '../../test/command-api';

describe('PUT /matches/:id/result', () => {
  let api: CommandApi;
  const ko = { winnerId: 'red', method: 'KO', completedAt: '2026-11-22T18:30:00Z' };
  const completedMatch = async () => {
    const matchId = await api.givenMatch('corrections', 'red', 'blue');
    const recorded = await api.post(`/matches/${matchId}/result`, ko);
    expect(recorded.status).toBe(201);
    return matchId;
  };
  const put = (matchId: string, body: unknown) => api.request('PUT', `/matches/${matchId}/result`, { body });

  beforeAll(async () => {
    api = await CommandApi.start();
    await api.givenDivision('corrections');
    await api.givenAthlete('red', 'corrections');
    await api.givenAthlete('blue', 'corrections');
  });
  afterAll(() => api.stop());

  it('corrects a result with 200 and writes MatchResultCorrected at revision + 1 each time', async () => {
    const matchId = await completedMatch();
    const first = await put(matchId, { ...ko, winnerId: 'blue', method: 'DQ' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ matchId, eventId: expect.any(String) });
    const second = await put(matchId, { winnerId: null, method: 'DRAW', completedAt: '2026-11-22T18:30:00Z' });
    expect(second.status).toBe(200);

    const corrections = (await api.events()).filter((e) => e.type === 'MatchResultCorrected' && e.data.matchId === matchId);
    expect(corrections.map((e) => [e.eventId, e.data])).toEqual([
      [
        first.body.eventId,
        expect.objectContaining({ winnerId: 'blue', method: 'DQ', revision: 2, redAthleteId: 'red', blueAthleteId: 'blue', divisionId: 'corrections' }),
      ],
      [second.body.eventId, expect.objectContaining({ winnerId: null, method: 'DRAW', revision: 3 })],
    ]);
    const { rows } = await api.sql.query('SELECT revision, last_event_id FROM match_results WHERE match_id = $1', [matchId]);
    expect(rows).toEqual([{ revision: 3, last_event_id: second.body.eventId }]);
  });

  it('answers the current result sent again with 200 and its event id, writing no new event', async () => {
    const matchId = await completedMatch();
    const corrected = await put(matchId, { ...ko, method: 'SUBMISSION' });
    const before = await api.snapshot();
    const again = await put(matchId, { ...ko, method: 'SUBMISSION' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(corrected.body);
    expect(await api.snapshot()).toEqual(before);
  });

  it('answers 409 for a match that has no result yet, writing nothing', async () => {
    const matchId = await api.givenMatch('corrections', 'red', 'blue');
    const before = await api.snapshot();
    const response = await put(matchId, ko);
    expect(response.status).toBe(409);
    expect(response.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: `match ${matchId} has no result to correct; record it with POST first`,
    });
    expect(await api.snapshot()).toEqual(before);
  });

  it('answers 404 for an unknown match and 422 for a winner outside the match', async () => {
    expect((await put(randomUUID(), ko)).status).toBe(404);
    const matchId = await completedMatch();
    const before = await api.snapshot();
    const response = await put(matchId, { ...ko, winnerId: 'ghost' });
    expect(response.status).toBe(422);
    expect((await put(matchId, { ...ko, method: 'DRAW' })).status).toBe(422);
    expect(await api.snapshot()).toEqual(before);
  });

  it('refuses an invalid body with 400', async () => {
    const matchId = await completedMatch();
    const response = await put(matchId, { ...ko, method: 'PUNCH', extra: 1 });
    expect(response.status).toBe(400);
    expect(response.body.message).toEqual(expect.arrayContaining(['property extra should not exist']));
  });

  it('orders concurrent corrections of one match into consecutive revisions', async () => {
    const matchId = await completedMatch();
    const bodies = Array.from({ length: 10 }, (_, i) => ({ ...ko, completedAt: new Date(Date.UTC(2026, 10, 23, 18, i)).toISOString() }));
    const responses = await Promise.all(bodies.map((body) => put(matchId, body)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const corrections = (await api.events()).filter((e) => e.type === 'MatchResultCorrected' && e.data.matchId === matchId);
    expect(corrections.map((e) => (e.data as { revision: number }).revision).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // The stored result is the one carried by the highest revision, which is what consumers keep.
    const latest = corrections.reduce((a, b) => ((a.data as { revision: number }).revision > (b.data as { revision: number }).revision ? a : b));
    const { rows } = await api.sql.query<{ completed_at: Date }>('SELECT completed_at FROM match_results WHERE match_id = $1', [matchId]);
    expect(rows[0].completed_at.toISOString()).toBe((latest.data as { completedAt: string }).completedAt);
  });
});
