import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import { loadConfig } from '@app/config';
import { AnyEvent, parseEvent } from '@app/contracts';
import { createTestDatabase, TestDatabase } from '@test/support';
import { createMatchCommandApp } from '../src/match-command.app';

/** Keys configured for every test app: one per scope combination the contract cares about. */
export const KEYS = { writer: 'test-writer-key', admin: 'test-admin-key' } as const;

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
}

export interface RequestOptions {
  /** A JS value sent as JSON, or a string sent as is. */
  body?: unknown;
  /** Defaults to the writer key; `null` sends no Authorization header. */
  key?: string | null;
  headers?: Record<string, string>;
}

/**
 * The write API running in-process on its own fresh database, spoken to over real HTTP,
 * plus direct SQL access to check what was (not) written.
 */
export class CommandApi {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly database: TestDatabase,
    readonly sql: Pool,
    readonly url: string,
  ) {}

  /** `env` adds or overrides configuration (e.g. the request timeouts). */
  static async start(env: Record<string, string> = {}): Promise<CommandApi> {
    const database = await createTestDatabase();
    const config = loadConfig({
      ...env,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '20',
      API_KEYS: `${KEYS.writer}:write,${KEYS.admin}:admin`,
    });
    const app = await createMatchCommandApp(config, { docsUi: false });
    await app.listen(0, '127.0.0.1');
    const pool = new Pool({ connectionString: database.url, max: 2 });
    // A test may drop the database under the app (health); the idle clients of this
    // inspection pool then fail, and an unheard pool error would crash whichever test runs next.
    pool.on('error', () => undefined);
    return new CommandApi(app, database, pool, await app.getUrl());
  }

  /** Connections the server holds open right now (any client). */
  openConnections(): Promise<number> {
    return new Promise((resolve, reject) =>
      this.app.getHttpServer().getConnections((error: Error | null, count: number) => (error ? reject(error) : resolve(count))),
    );
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.sql.end();
    await this.database.drop();
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? KEYS.writer : options.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.url}${path}`, { method, headers, body });
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.includes('json');
    return { status: response.status, headers: response.headers, body: isJson && text ? JSON.parse(text) : text };
  }

  post(path: string, body: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<ApiResponse> {
    return this.request('POST', path, { ...options, body });
  }

  /** Every event in the outbox, oldest first, parsed the way consumers parse them. */
  async events(): Promise<AnyEvent[]> {
    const { rows } = await this.sql.query<{ payload: string }>('SELECT payload FROM outbox ORDER BY id');
    return rows.map(({ payload }) => {
      const parsed = parseEvent(payload);
      if (parsed.kind !== 'event') throw new Error(`outbox holds an event consumers cannot apply: ${JSON.stringify(parsed)}`);
      return parsed.event;
    });
  }

  async count(table: 'divisions' | 'athletes' | 'matches' | 'match_results' | 'outbox'): Promise<number> {
    const { rows } = await this.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    return rows[0].n;
  }

  /** Row counts of every table, to prove that a refused request wrote nothing. */
  async snapshot(): Promise<Record<string, number>> {
    const tables = ['divisions', 'athletes', 'matches', 'match_results', 'outbox'] as const;
    const counts = await Promise.all(tables.map((t) => this.count(t)));
    return Object.fromEntries(tables.map((t, i) => [t, counts[i]]));
  }

  async givenDivision(id: string): Promise<string> {
    await this.expectCreated(this.post('/divisions', { id, name: `Division ${id}` }));
    return id;
  }

  async givenAthlete(id: string, divisionId: string): Promise<string> {
    await this.expectCreated(this.post('/athletes', { id, name: `Athlete ${id}`, divisionId, weightClass: 'lightweight', country: 'BR' }));
    return id;
  }

  async givenMatch(divisionId: string, redAthleteId: string, blueAthleteId: string): Promise<string> {
    const response = await this.expectCreated(this.post('/matches', { divisionId, redAthleteId, blueAthleteId }));
    return response.body.id as string;
  }

  private async expectCreated(pending: Promise<ApiResponse>): Promise<ApiResponse> {
    const response = await pending;
    if (response.status !== 201) throw new Error(`fixture request failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response;
  }
}
