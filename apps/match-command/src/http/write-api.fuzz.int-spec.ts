import fc from 'fast-check';
import { CommandApi, KEYS } from '../../test/command-api';

/**
 * Property: whatever a client sends to a write route (generated bodies, paths, query
 * strings and headers, mostly hostile, some valid), the API answers below 500 in the
 * contract's error shape, keeps running, and a refused request writes nothing: at the end
 * the outbox holds exactly the events of the accepted requests, and every row was written
 * by one of them.
 */
describe('write API under generated hostile requests', () => {
  let api: CommandApi;
  let matchId: string;
  const acceptedEvents = new Set<string>();

  beforeAll(async () => {
    api = await CommandApi.start();
    await api.givenDivision('fz');
    await api.givenAthlete('fz-red', 'fz');
    await api.givenAthlete('fz-blue', 'fz');
    matchId = await api.givenMatch('fz', 'fz-red', 'fz-blue');
    for (const { eventId } of await api.events()) acceptedEvents.add(eventId);
  });
  afterAll(() => api.stop());

  const loneSurrogates = fc.constantFrom('\ud800', '\udfff', 'a\udc00b', '\ud83e');
  const hostileString = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    loneSurrogates,
    fc.constantFrom('', ' ', '\u0000', 'a\u0000b', 'x'.repeat(200), 'Ana Silva', 'BR', 'br', 'ZZ', 'KO', 'DRAW'),
    fc.constantFrom('0000-01-01T00:00:00Z', '0001-01-01T00:00:00+14:00', '2099-01-01T00:00:00Z', '2026-02-30T00:00:00Z'),
  );
  const anyValue = fc.oneof(hostileString, fc.jsonValue({ maxDepth: 3 }), fc.constant(null), fc.integer(), fc.boolean());
  const slug = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
  const pastDate = fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2026-01-01T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString());
  const maybe = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: anyValue });

  const divisionFields = {
    id: maybe(slug),
    name: maybe(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '')),
  };
  const athleteFields = {
    ...divisionFields,
    divisionId: maybe(fc.constantFrom('fz', 'fz', 'nope')),
    weightClass: maybe(fc.constantFrom('light', 'heavy')),
    country: maybe(fc.constantFrom('BR', 'pt', 'JP')),
  };
  const matchFields = {
    divisionId: maybe(fc.constantFrom('fz', 'fz', 'nope')),
    redAthleteId: maybe(fc.constantFrom('fz-red', 'fz-red', 'ghost')),
    blueAthleteId: maybe(fc.constantFrom('fz-blue', 'fz-blue', 'fz-red')),
    scheduledAt: maybe(pastDate),
  };
  const resultFields = {
    winnerId: maybe(fc.constantFrom('fz-red', 'fz-blue', null)),
    method: maybe(fc.constantFrom('KO', 'DRAW', 'DECISION')),
    completedAt: maybe(pastDate),
  };
  /** Mostly the route's own fields (each present with 90 %), sometimes unknown ones besides. */
  const objectBody = (fields: Record<string, fc.Arbitrary<unknown>>) =>
    fc
      .record({
        body: fc.record(fields, { requiredKeys: [] }).filter((b) => Object.keys(b).length >= Object.keys(fields).length - 1),
        extra: fc.oneof(
          { weight: 4, arbitrary: fc.constant({}) },
          { weight: 1, arbitrary: fc.dictionary(fc.string({ unit: 'binary', maxLength: 12 }), anyValue, { maxKeys: 2 }) },
        ),
      })
      .map(({ body, extra }) => JSON.stringify({ ...extra, ...body }));
  const rawBody = (fields: Record<string, fc.Arbitrary<unknown>>) =>
    fc.oneof(
      { weight: 12, arbitrary: objectBody(fields) },
      { weight: 1, arbitrary: fc.json({ maxDepth: 4 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
      { weight: 1, arbitrary: fc.integer({ min: 17, max: 3000 }).map((n) => `{"name":${'['.repeat(n)}${']'.repeat(n)}}`) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '{"name":"a","name":"b"}',
          '{"id":"x","name":"\\ud800"}',
          '',
          'null',
          '[]',
          '{"__proto__":{"a":1}}',
        ),
      },
    );

  const segment = fc.oneof(
    fc.constantFrom('fz-red', 'fz-blue', 'ghost', '%00', 'ab%00c', '%ED%A0%80', '%2F', '%', '%zz', '..', 'A', 'x'.repeat(120)),
    fc.string({ unit: 'binary-ascii', maxLength: 20 }).map(encodeURIComponent),
  );
  const matchSegment = fc.oneof({ weight: 3, arbitrary: fc.constant('MATCH') }, { weight: 1, arbitrary: segment });
  const route = fc.oneof(
    fc.record({ method: fc.constant('POST'), path: fc.constant('/divisions'), body: rawBody(divisionFields) }),
    fc.record({ method: fc.constant('POST'), path: fc.constant('/athletes'), body: rawBody(athleteFields) }),
    fc.record({ method: fc.constant('PATCH'), path: segment.map((id) => `/athletes/${id}`), body: rawBody(athleteFields) }),
    fc.record({ method: fc.constant('POST'), path: fc.constant('/matches'), body: rawBody(matchFields) }),
    fc.record({
      method: fc.constant('POST'),
      path: matchSegment.map((id) => `/matches/${id}/result`),
      body: rawBody(resultFields),
    }),
    fc.record({
      method: fc.constant('PUT'),
      path: matchSegment.map((id) => `/matches/${id}/result`),
      body: rawBody(resultFields),
    }),
  );
  const query = fc.oneof(
    { weight: 8, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constantFrom('?a=1', '?%00=1', '?x=%ED%A0%80', '?') },
  );
  const headerValue = fc.string({ unit: 'binary-ascii', maxLength: 40 }).filter((s) => /^[\x20-\x7e]*$/.test(s));
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        undefined,
        'text/plain',
        'application/json; charset=utf-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data',
      ),
    },
    { weight: 1, arbitrary: headerValue },
  );
  const authorization = fc.oneof(
    { weight: 8, arbitrary: fc.constant(`Bearer ${KEYS.writer}`) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, `Bearer ${KEYS.admin}`, 'Bearer', `bearer ${KEYS.writer}x`) },
    { weight: 1, arbitrary: headerValue },
  );
  const request = fc.record({ route, query, contentType, authorization, extraHeader: fc.option(headerValue) });

  it('answers every generated request below 500 in the error shape, and a refused one writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        request,
        async ({ route: { method, path, body }, query: search, contentType: type, authorization: auth, extraHeader }) => {
          const headers: Record<string, string> = {};
          if (type !== undefined) headers['content-type'] = type;
          if (auth !== undefined) headers.authorization = auth;
          if (extraHeader !== null) headers['x-fuzz'] = extraHeader;
          const response = await fetch(`${api.url}${path.replace('MATCH', matchId)}${search}`, { method, headers, body });
          const text = await response.text();
          expect(response.status).toBeLessThan(500);
          const answer = JSON.parse(text) as Record<string, unknown>;
          if (response.status >= 400) {
            expect(answer).toEqual({ statusCode: response.status, error: expect.any(String), message: expect.anything() });
          } else {
            expect(answer.eventId).toEqual(expect.any(String));
            acceptedEvents.add(answer.eventId as string);
          }
        },
      ),
      { numRuns: 2000, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
    );

    // Still alive, and the outbox holds exactly the events of accepted requests.
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    const outbox = new Set((await api.events()).map((e) => e.eventId));
    expect([...outbox].filter((id) => !acceptedEvents.has(id))).toEqual([]);
    expect([...acceptedEvents].filter((id) => !outbox.has(id))).toEqual([]);
    const { rows } = await api.sql.query<{ event_id: string }>(`
      SELECT created_event_id::text AS event_id FROM divisions UNION ALL SELECT created_event_id::text FROM athletes
      UNION ALL SELECT created_event_id::text FROM matches UNION ALL SELECT last_event_id::text FROM match_results`);
    expect(rows.map((r) => r.event_id).filter((id) => !outbox.has(id))).toEqual([]);
    // The generator does reach the write paths, not only refusals.
    expect(acceptedEvents.size).toBeGreaterThan(20);
  }, 120_000);
});
