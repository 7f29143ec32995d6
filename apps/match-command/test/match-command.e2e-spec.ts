import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, eventually, freePort, TestDatabase } from '@test/support';

const root = path.resolve(__dirname, '../../..');

/**
 * The built service as an operator runs it: `node dist/.../main.js` with only environment
 * variables, the dev key, tracing on (with no agent to talk to).
 */
describe('match-command process', () => {
  let database: TestDatabase;
  let child: ChildProcess;
  let output = '';
  let base: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['dist/apps/match-command/src/main.js'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        DATABASE_URL: database.url,
        COMMAND_PORT: String(port),
        DD_TRACE_ENABLED: 'true',
        DD_TRACE_AGENT_URL: 'http://127.0.0.1:9',
        DD_SERVICE: 'match-command',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // A deadline, not an attempt count: on a loaded machine (tiers run in parallel) the
    // start with tracing on can take well over ten seconds.
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
        return (await fetch(`${base}/health`).then((r) => r.ok, () => false)) || undefined;
      },
      45_000,
      'match-command to answer /health',
    ).catch((error: Error) => {
      throw new Error(`match-command did not start: ${error.message}\n${output}`);
    });
  }, 60_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await database.drop();
  });

  const post = async (url: string, body: unknown, method = 'POST') => {
    const response = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: 'Bearer dev-key', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };

  it('warns that the dev key is in force', () => {
    expect(output).toMatch(/dev-key/);
  });

  it('records a result with the dev key and stores the request trace context with each event', async () => {
    expect((await post('/divisions', { id: 'e2e', name: 'E2E' })).status).toBe(201);
    expect((await post('/athletes', { id: 'e2e-red', name: 'Red', divisionId: 'e2e', weightClass: 'light', country: 'br' })).status).toBe(201);
    expect((await post('/athletes', { id: 'e2e-blue', name: 'Blue', divisionId: 'e2e', weightClass: 'light', country: 'pt' })).status).toBe(201);
    const match = await post('/matches', { divisionId: 'e2e', redAthleteId: 'e2e-red', blueAthleteId: 'e2e-blue' });
    expect(match.status).toBe(201);
    const result = await post(`/matches/${match.body.id}/result`, { winnerId: 'e2e-blue', method: 'DECISION', completedAt: '2026-11-22T18:00:00Z' });
    expect(result).toEqual({ status: 201, body: { matchId: match.body.id, eventId: expect.any(String) } });

    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ event_type: string; headers: Record<string, string> }>(
        'SELECT event_type, headers FROM outbox WHERE event_id = $1',
        [result.body.eventId],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].event_type).toBe('MatchCompleted');
      expect(rows[0].headers).toMatchObject({ 'x-datadog-trace-id': expect.stringMatching(/^\d+$/), traceparent: expect.any(String) });
    } finally {
      await client.end();
    }
  });

  it('serves the Swagger UI at /docs', async () => {
    const docs = await fetch(`${base}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger-ui/i);
    const bundle = await fetch(`${base}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    // Read to the end: an unread response keeps its connection busy, and a busy
    // connection rightly holds up a graceful shutdown.
    expect((await bundle.text()).length).toBeGreaterThan(1000);
  });

  it('serves the OpenAPI document that docs/api carries (npm run docs)', async () => {
    const served = (await (await fetch(`${base}/docs-json`)).json()) as unknown;
    const committed = JSON.parse(readFileSync(path.join(root, 'docs/api/match-command.openapi.json'), 'utf8')) as unknown;
    expect(served).toEqual(committed);
  });

  it('stops cleanly and promptly on SIGTERM', async () => {
    const stopping = Date.now();
    child.kill('SIGTERM');
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    expect(code === 0 || signal === 'SIGTERM').toBe(true);
    expect(Date.now() - stopping).toBeLessThan(10_000);
  });
});
