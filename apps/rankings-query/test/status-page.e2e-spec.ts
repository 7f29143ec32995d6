import Redis from 'ioredis';
import type { Pool } from 'pg';
import { writeReconcileReport } from '@app/cache';
import { createKafka } from '@app/kafka';
import { createTestDatabase, createTestPool, RunningService, startService, TestDatabase, uniqueName } from '@test/support';

/**
 * `GET /status` on the running service: every figure against a truth read independently
 * (unpublished rows counted in Postgres, the dead letters this test produced, the report
 * this test saved).
 */
describe('the on-call status page', () => {
  let db: TestDatabase;
  let query: RunningService;
  let pool: Pool;
  let redis: Redis;
  const topic = uniqueName('events');
  const prefix = `${uniqueName('status')}:`;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = createTestPool(db.url, 1);
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    query = await startService('rankings-query', {
      ...process.env,
      DATABASE_URL: db.url,
      KAFKA_TOPIC: topic,
      ELASTICSEARCH_ALIAS: uniqueName('rankings'),
      REDIS_KEY_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      DD_TRACE_ENABLED: 'false',
    });
  }, 60_000);

  afterAll(async () => {
    await query?.stop();
    await pool?.end();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis?.quit();
    await db?.drop();
  });

  it('shows per-projection freshness, the backlog, dead letters and the last reconcile', async () => {
    // No relay runs: these rows stay unpublished.
    await pool.query(
      `INSERT INTO outbox (event_id, division_id, event_type, schema_version, occurred_at, payload)
       SELECT gen_random_uuid(), 'd1', 'DivisionCreated', 1, now(), '{}' FROM generate_series(1, 3)`,
    );
    const producer = createKafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'status-test' }).producer();
    await producer.connect();
    await producer.send({ topic: `${topic}.dlq`, messages: [{ value: 'not json' }, { value: '{"bad":true}' }] });
    await producer.disconnect();
    await writeReconcileReport(redis, prefix, {
      finishedAt: '2026-11-27T19:50:00.000Z',
      athletes: 10,
      divisions: 1,
      driftTotal: 2,
      driftByModel: { 'redis leaderboard': 2 },
      repairedFrom: null,
    });
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');

    const response = await fetch(`${query.url}/status`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toMatch(/<tr data-projection="elasticsearch">/);
    expect(html).toMatch(/<tr data-projection="redis">/);
    expect(html).toContain(`id="backlog" data-events="${rows[0].n}"`);
    expect(rows[0].n).toBe(3);
    expect(html).toContain(`id="dead-letters" data-messages="2">2 messages on ${topic}.dlq`);
    expect(html).toContain('id="last-reconcile" data-drift="2">2 differences (redis leaderboard 2)');

    const json = (await (await fetch(`${query.url}/status.json`)).json()) as { projections: { ok: boolean; value: Array<{ name: string }> } };
    const projections = (await (await fetch(`${query.url}/projections`)).json()) as Array<{ name: string }>;
    expect(json.projections.value.map((p) => p.name)).toEqual(projections.map((p) => p.name));
  });
});
