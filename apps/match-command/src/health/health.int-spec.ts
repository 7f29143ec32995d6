import { Client } from 'pg';
import { CommandApi } from '../../test/command-api';

describe('GET /health', () => {
  it('answers 200 while Postgres answers and 503 with the reason once the database is gone', async () => {
    const api = await CommandApi.start();
    try {
      const healthy = await api.request('GET', '/health', { key: null });
      expect(healthy.status).toBe(200);
      expect(healthy.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });

      await api.sql.end();
      const admin = new Client({ connectionString: api.database.url.replace(/\/[^/]+$/, '/postgres') });
      await admin.connect();
      await admin.query(`DROP DATABASE "${api.database.name}" WITH (FORCE)`);
      await admin.end();

      const unhealthy = await api.request('GET', '/health', { key: null });
      expect(unhealthy.status).toBe(503);
      expect(unhealthy.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.stringMatching(/^database: /) });
    } finally {
      await api.app.close();
      await api.database.drop();
    }
  });
});
