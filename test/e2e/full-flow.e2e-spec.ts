import { createSocket, Socket } from 'node:dgram';
import { createTestDatabase, eventually, RunningService, startService, TestDatabase, uniqueName } from '@test/support';

/**
 * The whole road a result travels: HTTP command → Postgres + outbox → relay → Kafka →
 * both projectors → read API, with read-your-own-writes, and one Datadog trace from the
 * request to the projection (spans are printed by dd-trace's log exporter, so no agent is
 * needed to check that the trace id survives the outbox and Kafka).
 */
interface Span {
  trace_id: string;
  span_id: string;
  parent_id: string;
  service: string;
  name: string;
  resource: string;
}

function spansIn(output: string): Span[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{"traces":'))
    .flatMap((line) => (JSON.parse(line) as { traces: Span[][] }).traces.flat());
}

describe('a result from the HTTP request to the rankings page', () => {
  let db: TestDatabase;
  const services: RunningService[] = [];
  let command: RunningService;
  let relay: RunningService;
  let query: RunningService;
  let projector: RunningService;
  /** A stand-in DogStatsD agent: every datagram the services send. */
  let statsd: Socket;
  const datagrams: string[] = [];
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    statsd = createSocket('udp4');
    statsd.on('message', (message) => datagrams.push(...message.toString().split('\n')));
    await new Promise<void>((resolve) => statsd.bind(0, '127.0.0.1', resolve));
    db = await createTestDatabase();
    env = {
      ...process.env,
      FRESHNESS_SLA_MS: '2000',
      DATABASE_URL: db.url,
      KAFKA_TOPIC: uniqueName('events'),
      ELASTICSEARCH_ALIAS: uniqueName('rankings'),
      REDIS_KEY_PREFIX: `${uniqueName('flow')}:`,
      API_KEYS: 'writer:write',
      LOG_LEVEL: 'warn',
      DD_TRACE_ENABLED: 'true',
      DD_TRACE_EXPERIMENTAL_EXPORTER: 'log',
      DD_TRACE_SAMPLE_RATE: '1',
      DD_TRACE_FLUSH_INTERVAL: '100',
      DD_DOGSTATSD_HOST: '127.0.0.1',
      DD_DOGSTATSD_PORT: String(statsd.address().port),
    };
    [command, relay, query, projector] = await Promise.all([
      startService('match-command', env),
      startService('outbox-relay', env),
      startService('rankings-query', env),
      startService('rankings-projector', env),
    ]);
    services.push(command, relay, query, projector);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await db?.drop();
    statsd?.close();
  });

  const write = async (method: string, path: string, body: unknown, expected: number) => {
    const response = await fetch(`${command.url}${path}`, {
      method,
      headers: { authorization: 'Bearer writer', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { id?: string; eventId: string };
    expect({ status: response.status, json }).toMatchObject({ status: expected });
    return json;
  };

  it('is visible in Elasticsearch and Redis read models once the event is applied', async () => {
    await write('POST', '/divisions', { id: 'elite-men', name: 'Elite Men' }, 201);
    await write(
      'POST',
      '/athletes',
      { id: 'jose', name: 'José Aldo', divisionId: 'elite-men', weightClass: 'featherweight', country: 'BR' },
      201,
    );
    await write(
      'POST',
      '/athletes',
      { id: 'max', name: 'Max Holloway', divisionId: 'elite-men', weightClass: 'featherweight', country: 'US' },
      201,
    );
    const match = await write('POST', '/matches', { divisionId: 'elite-men', redAthleteId: 'jose', blueAthleteId: 'max' }, 201);
    const first = await write(
      'POST',
      `/matches/${match.id}/result`,
      { winnerId: 'jose', method: 'DECISION', completedAt: '2026-11-22T18:00:00.000Z' },
      201,
    );

    const search = await fetch(`${query.url}/rankings?divisionId=elite-men&q=jose&waitFor=${first.eventId}&waitMs=10000`);
    expect(search.headers.get('x-projection-stale')).toBeNull();
    expect(await search.json()).toMatchObject({ total: 1, items: [{ rank: 1, athleteId: 'jose', points: 3, country: 'BR' }] });

    // A correction replaces the result everywhere: Max now holds the win.
    const corrected = await write(
      'PUT',
      `/matches/${match.id}/result`,
      { winnerId: 'max', method: 'DQ', completedAt: '2026-11-22T18:00:00.000Z' },
      200,
    );
    const athlete = await fetch(`${query.url}/athletes/max?waitFor=${corrected.eventId}&waitMs=10000`);
    expect(await athlete.json()).toMatchObject({ rank: 1, athleteId: 'max', points: 3, wins: 1, losses: 0, recentForm: ['W'] });
    const board = await fetch(`${query.url}/divisions/elite-men/leaderboard?waitFor=${corrected.eventId}&waitMs=10000`);
    expect(await board.json()).toMatchObject({
      items: [
        { rank: 1, athleteId: 'max', points: 3 },
        { rank: 2, athleteId: 'jose', points: 0 },
      ],
    });
    const stats = await fetch(`${query.url}/divisions/elite-men/stats?waitFor=${corrected.eventId}&waitMs=10000`);
    expect(await stats.json()).toMatchObject({
      divisionId: 'elite-men',
      athletes: 2,
      matchesCompleted: 1,
      lastMatchAt: '2026-11-22T18:00:00.000Z',
    });

    const projections = (await (await fetch(`${query.url}/projections`)).json()) as Array<{ name: string; status: string }>;
    expect(projections.map((p) => p.status)).toEqual(projections.map(() => 'live'));
  }, 60_000);

  it('carries one trace from the HTTP request through the outbox and Kafka into the projectors', async () => {
    const requestSpan = await eventually(
      async () => spansIn(command.output()).find((s) => s.service === 'match-command' && /matches\/.*\/result/.test(s.resource)),
      10_000,
      'the result request span',
    );
    const traceId = requestSpan.trace_id;
    const downstream = await eventually(
      async () => {
        const relaySpans = spansIn(relay.output()).filter((s) => s.trace_id === traceId);
        const projectorSpans = spansIn(projector.output()).filter((s) => s.trace_id === traceId);
        return relaySpans.length > 0 && projectorSpans.length > 0 ? { relaySpans, projectorSpans } : undefined;
      },
      15_000,
      `relay and projector spans in trace ${traceId}`,
    );
    expect(downstream.relaySpans.length).toBeGreaterThan(0);
    expect(downstream.projectorSpans.length).toBeGreaterThan(0);
  }, 40_000);

  it("reports each projector's stored freshness as the DogStatsD gauge rankings.projection.freshness_lag_ms", async () => {
    // dd-trace's DogStatsD client flushes every 10 s.
    for (const projection of ['elasticsearch', 'redis']) {
      const line = await eventually(
        async () =>
          datagrams.find((d) => d.startsWith('rankings.projection.freshness_lag_ms:') && d.includes(`projection:${projection}`)),
        25_000,
        `the freshness gauge of ${projection}`,
      );
      expect(line).toMatch(/^rankings\.projection\.freshness_lag_ms:\d+(\.\d+)?\|g\|/);
    }
  }, 60_000);

  it("shows a dead relay on rankings-query: both projections' freshness past the SLA and /health 503, then 200 once it is back", async () => {
    type Health = { status: string; error: Record<string, { message?: string }> };
    const health = async () => {
      const response = await fetch(`${query.url}/health`);
      return { status: response.status, body: (await response.json()) as Health };
    };
    await eventually(async () => ((await health()).status === 200 ? true : undefined), 20_000, 'a healthy read side first');

    relay.child.kill('SIGKILL');
    await relay.exited;
    await write('POST', '/divisions', { id: 'relay-dead', name: 'Written while the relay is dead' }, 201);
    const stale = await eventually(
      async () => {
        const { status, body } = await health();
        const late = ['redis', 'elasticsearch'].every((p) =>
          /behind \(SLA 2000 ms/.test(body.error[`projection:${p}`]?.message ?? ''),
        );
        return status === 503 && late ? body : undefined;
      },
      20_000,
      'both projections past the SLA on rankings-query /health',
    );
    expect(stale.status).toBe('error');

    relay = await startService('outbox-relay', env);
    services.push(relay);
    await eventually(
      async () => ((await health()).status === 200 ? true : undefined),
      30_000,
      '/health back to 200 after the relay restarted',
    );
  }, 90_000);
});
