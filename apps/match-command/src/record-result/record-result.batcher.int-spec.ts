import { randomUUID } from 'node:crypto';
import { CommandApi } from '../../test/command-api';

/** Group commit of POST /matches/:id/result: concurrent requests share statements, never answers. */
describe('recording results in batches', () => {
  let api: CommandApi;
  const ko = { winnerId: 'red', method: 'KO', completedAt: '2026-11-22T18:30:00Z' };
  const newMatches = (n: number) => Promise.all(Array.from({ length: n }, () => api.givenMatch('batches', 'red', 'blue')));
  const record = (matchId: string, body: object = ko) => api.post(`/matches/${matchId}/result`, body);

  /** The outbox rows of these matches' MatchCompleted events, in the relay's (txid, id) order. */
  async function outboxRows(matchIds: string[]): Promise<Array<{ matchId: string; eventId: string; txid: string }>> {
    const { rows } = await api.sql.query<{ matchId: string; eventId: string; txid: string }>(
      `SELECT payload::jsonb -> 'data' ->> 'matchId' AS "matchId", event_id::text AS "eventId", txid::text AS txid
         FROM outbox WHERE event_type = 'MatchCompleted' AND payload::jsonb -> 'data' ->> 'matchId' = ANY($1)
        ORDER BY txid, id`,
      [matchIds],
    );
    return rows;
  }

  /**
   * Sends `requests` while the result table is locked: the first batches wait on the lock,
   * so the requests that arrive meanwhile queue up and are sure to travel together (on a
   * fast machine they would otherwise each go out alone, which is right but proves nothing).
   */
  async function sentTogether<T>(requests: () => Promise<T>): Promise<T> {
    const locker = await api.sql.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE match_results IN ACCESS EXCLUSIVE MODE');
      const pending = requests();
      for (let waiting = 0; waiting === 0; await new Promise((r) => setTimeout(r, 20))) {
        const { rows } = await api.sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks WHERE relation = 'match_results'::regclass AND NOT granted`,
        );
        waiting = rows[0].n;
      }
      // Time for the rest of the requests to arrive and queue behind the waiting batches.
      await new Promise((r) => setTimeout(r, 500));
      await locker.query('COMMIT');
      return await pending;
    } finally {
      locker.release();
    }
  }

  beforeAll(async () => {
    api = await CommandApi.start();
    await api.givenDivision('batches');
    await api.givenAthlete('red', 'batches');
    await api.givenAthlete('blue', 'batches');
    await api.givenAthlete('bystander', 'batches');
  });
  afterAll(() => api.stop());

  it('commits many concurrent recordings in fewer transactions, one result row and one event per match', async () => {
    const matchIds = await newMatches(120);
    const responses = await sentTogether(() => Promise.all(matchIds.map((matchId) => record(matchId))));
    expect(responses.map((r) => r.status)).toEqual(matchIds.map(() => 201));
    expect(responses.map((r) => r.body.matchId)).toEqual(matchIds);
    const rows = await outboxRows(matchIds);
    expect(rows.map((r) => r.matchId).sort()).toEqual([...matchIds].sort());
    expect(new Map(rows.map((r) => [r.matchId, r.eventId]))).toEqual(
      new Map(responses.map((r) => [r.body.matchId, r.body.eventId])),
    );
    const { rows: results } = await api.sql.query<{ recorded: string }>(
      'SELECT recorded_event_id::text AS recorded FROM match_results WHERE match_id = ANY($1::uuid[])',
      [matchIds],
    );
    expect(results.map((r) => r.recorded).sort()).toEqual(rows.map((r) => r.eventId).sort());
    // Group commit happened: the requests queued behind the lock shared transactions.
    expect(new Set(rows.map((r) => r.txid)).size).toBeLessThan(matchIds.length / 2);
  });

  it('answers each of a burst mixing repeats, rivals, refusals and unknown matches on its own, writing only the winners', async () => {
    const [repeated, contested, refusedOnly, plain] = await newMatches(4);
    const unknown = randomUUID();
    const before = await api.snapshot();
    const burst: Array<[string, object, number[]]> = [
      [repeated, ko, [200, 201]],
      [contested, ko, [201, 409]],
      [refusedOnly, { ...ko, winnerId: 'bystander' }, [422]],
      [unknown, ko, [404]],
      [repeated.toUpperCase(), { ...ko, completedAt: '2026-11-22T20:30:00+02:00' }, [200, 201]],
      [contested, { ...ko, winnerId: 'blue' }, [201, 409]],
      [plain, ko, [201]],
      [repeated, ko, [200, 201]],
      [refusedOnly, { ...ko, winnerId: null }, [422]],
      [refusedOnly, { ...ko, method: 'DRAW' }, [422]],
      [contested, { ...ko, method: 'TKO' }, [201, 409]],
    ];
    const responses = await sentTogether(() => Promise.all(burst.map(([matchId, body]) => record(matchId, body))));
    responses.forEach((response, i) =>
      expect([burst[i][0], burst[i][2]]).toEqual([burst[i][0], expect.arrayContaining([response.status])]),
    );
    const statuses = (matchId: string) => responses.filter((_, i) => burst[i][0].toLowerCase() === matchId).map((r) => r.status);
    expect(statuses(repeated).filter((s) => s === 201)).toHaveLength(1);
    expect(statuses(contested).filter((s) => s === 201)).toHaveLength(1);
    const repeatedAnswers = responses.filter((_, i) => burst[i][0].toLowerCase() === repeated);
    expect(new Set(repeatedAnswers.map((r) => r.body.eventId)).size).toBe(1);
    // Only the three recorded matches wrote anything: one result and one event each.
    expect(await api.snapshot()).toEqual({ ...before, match_results: before.match_results + 3, outbox: before.outbox + 3 });
    const rows = await outboxRows([repeated, contested, refusedOnly, plain, unknown]);
    expect(rows.map((r) => r.matchId).sort()).toEqual([repeated, contested, plain].sort());
    const winner = responses.find((r, i) => burst[i][0] === contested && r.status === 201);
    expect(rows.find((r) => r.matchId === contested)?.eventId).toBe(winner?.body.eventId);
  });

  it('does not fail the others of a batch when Postgres refuses one member', async () => {
    const matchIds = await newMatches(40);
    const poisoned = matchIds[17];
    // A real database failure for one row only (as a constraint or a trigger elsewhere might raise).
    await api.sql.query(`
      CREATE FUNCTION refuse_poisoned_result() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.match_id = '${poisoned}' THEN RAISE EXCEPTION 'poisoned match %', NEW.match_id; END IF;
        RETURN NEW;
      END $$`);
    await api.sql.query(
      'CREATE TRIGGER refuse_poisoned_result BEFORE INSERT ON match_results FOR EACH ROW EXECUTE FUNCTION refuse_poisoned_result()',
    );
    try {
      // Sent together, the poisoned member shares a batch (the first test shows batches form);
      // without the one-by-one retry of a failed batch, its batch mates would answer 500 too.
      const before = await api.snapshot();
      const responses = await sentTogether(() => Promise.all(matchIds.map((matchId) => record(matchId))));
      expect(responses.map((r, i) => [matchIds[i], r.status])).toEqual(matchIds.map((id) => [id, id === poisoned ? 500 : 201]));
      expect(await api.snapshot()).toEqual({ ...before, match_results: before.match_results + 39, outbox: before.outbox + 39 });
      const rows = await outboxRows(matchIds);
      expect(rows.map((r) => r.matchId).sort()).toEqual(matchIds.filter((id) => id !== poisoned).sort());
    } finally {
      await api.sql.query('DROP TRIGGER refuse_poisoned_result ON match_results');
      await api.sql.query('DROP FUNCTION refuse_poisoned_result()');
    }
  });
});
