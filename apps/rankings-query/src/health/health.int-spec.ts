import { createTestDatabase, createTestPool, TestDatabase } from '@test/support';
import type { QueryApp } from '../app.factory';
import { eventually, getJson, startQueryApp, testConfig, testEvents } from '../../test/query-test-kit';

type HealthBody = { status: string; info: Record<string, unknown>; error: Record<string, { status: string; message?: string }> };

describe('health probes of the read API', () => {
  let service: QueryApp;
  let db: TestDatabase;

  beforeAll(async () => {
    // Its own database: freshness counts the outbox, and the default one ("rankings") is
    // shared with whatever else runs on this Postgres (it was dropped under this test once).
    db = await createTestDatabase();
    const config = testConfig({ DATABASE_URL: db.url, FRESHNESS_SLA_MS: '300' });
    service = await startQueryApp(config);
  });

  afterAll(async () => {
    await service?.close();
    await db?.drop();
  });

  it('answers live, ready and overall 200 with both stores up and nothing pending', async () => {
    await eventually(async () => {
      for (const path of ['/health/live', '/health/ready', '/health']) {
        const { status, body } = await getJson<HealthBody>(`${service.url}${path}`);
        expect({ path, status, body: body.status }).toEqual({ path, status: 200, body: 'ok' });
      }
    });
    const ready = await getJson<HealthBody>(`${service.url}/health/ready`);
    expect(ready.body).toEqual({
      status: 'ok',
      info: { redis: { status: 'up' }, elasticsearch: { status: 'up' } },
      error: {},
      details: { redis: { status: 'up' }, elasticsearch: { status: 'up' } },
    });
  });

  it('reports a projection past the SLA on /health (503 with the reason) while staying ready', async () => {
    // An event committed to the outbox that no relay publishes (none runs here): neither
    // projection has stored it, and freshness counts it from the outbox, the source of record.
    // (A source watermark written to Redis, what this step did before, is no longer read by
    // freshness: on the shared default database the test passed only through that database.)
    const event = testEvents().divisionCreated('health-pending');
    const pool = createTestPool(db.url, 1);
    try {
      await pool.query(
        `INSERT INTO outbox (event_id, division_id, event_type, schema_version, occurred_at, payload, headers) VALUES ($1, $2, $3, $4, $5, $6, '{}')`,
        [event.eventId, event.divisionId, event.type, event.schemaVersion, event.occurredAt, JSON.stringify(event)],
      );
    } finally {
      await pool.end();
    }
    // Both stores answer (on a loaded machine a probe may time out once: poll), the projections are stale.
    const overall = await eventually(async () => {
      const response = await getJson<HealthBody>(`${service.url}/health`);
      expect(response.status).toBe(503);
      expect(response.body.info).toMatchObject({ redis: { status: 'up' }, elasticsearch: { status: 'up' } });
      expect(response.body.error).toEqual({
        'projection:redis': { status: 'down', message: expect.stringMatching(/^projection redis is \d+ ms behind \(SLA 300 ms/) },
        'projection:elasticsearch': { status: 'down', message: expect.stringMatching(/^projection elasticsearch is \d+ ms behind/) },
      });
      expect((await getJson(`${service.url}/health/ready`)).status).toBe(200);
      return response.body;
    });
    expect(overall.status).toBe('error');
    expect((await getJson(`${service.url}/health/live`)).status).toBe(200);
  });

  it('observes reads in http_request_duration_seconds under the route template', async () => {
    await getJson(`${service.url}/divisions/nobody-here/stats`);
    const text = await (await fetch(`${service.url}/metrics`)).text();
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/divisions\/:id\/stats",status="404"\} [1-9]\d*$/m);
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="0\.02",method="GET",route="\/health",status="(200|503)"\} \d+$/m);
    expect(text).not.toContain('nobody-here');
  });
});
