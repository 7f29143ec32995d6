import { Client } from 'pg';
import { eventually } from '@test/support';
import { CommandApi } from '../../test/command-api';

describe('health probes of the write API', () => {
  it('stays live but turns unready (503 naming the database) once Postgres is gone, in one body shape', async () => {
    const api = await CommandApi.start();
    try {
      for (const path of ['/health/live', '/health/ready', '/health']) {
        // A ping slower than the probe's 1 s timeout (a loaded machine) is down for that one answer.
        const healthy = await eventually(async () => {
          const response = await api.request('GET', path, { key: null });
          return response.status === 200 ? response : undefined;
        }, 10_000, `${path} to answer 200`);
        expect(healthy.body).toMatchObject({ status: 'ok', error: {} });
      }
      expect((await api.request('GET', '/health/ready', { key: null })).body.info).toEqual({ database: { status: 'up' } });

      await api.sql.end();
      const admin = new Client({ connectionString: api.database.url.replace(/\/[^/]+$/, '/postgres') });
      await admin.connect();
      await admin.query(`DROP DATABASE "${api.database.name}" WITH (FORCE)`);
      await admin.end();

      for (const path of ['/health/ready', '/health']) {
        const unhealthy = await api.request('GET', path, { key: null });
        expect({ path, status: unhealthy.status }).toEqual({ path, status: 503 });
        expect(unhealthy.body).toEqual({
          status: 'error',
          info: {},
          error: { database: { status: 'down', message: expect.any(String) } },
          details: { database: { status: 'down', message: expect.any(String) } },
        });
      }
      const live = await api.request('GET', '/health/live', { key: null });
      expect(live.status).toBe(200);
    } finally {
      await api.app.close();
      await api.database.drop();
    }
  });

  it('observes requests in http_request_duration_seconds by route template and status', async () => {
    const api = await CommandApi.start();
    try {
      await api.request('GET', '/health/live', { key: null });
      await api.post('/divisions', { id: 'metrics-check', name: 'Metrics' });
      await api.post('/matches/00000000-0000-4000-8000-000000000000/result', { winnerId: null, method: 'DRAW', completedAt: new Date().toISOString() });
      await api.request('GET', '/no/such/route', { key: null });
      const text = (await api.request('GET', '/metrics', { key: null })).body as string;
      const count = (labels: string) => Number(new RegExp(`^http_request_duration_seconds_count\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
      expect(count('method="POST",route="/divisions",status="201"')).toBeGreaterThanOrEqual(1);
      expect(count('method="POST",route="/matches/:id/result",status="404"')).toBeGreaterThanOrEqual(1);
      expect(count('method="GET",route="/health/live",status="200"')).toBeGreaterThanOrEqual(1);
      expect(count('method="GET",route="unmatched",status="404"')).toBeGreaterThanOrEqual(1);
      expect(text).not.toMatch(/route="\/matches\/0000/);
    } finally {
      await api.stop();
    }
  });
});
