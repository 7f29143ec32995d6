import { createQueryApp, QueryApp } from '../app.factory';
import { getJson, testConfig } from '../../test/query-test-kit';

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
}
interface Operation {
  parameters?: Parameter[];
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, unknown> }>;
}
type Document = { paths: Record<string, { get?: Operation }>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };

describe('OpenAPI of the read API (/docs-json)', () => {
  let service: QueryApp;
  let doc: Document;

  beforeAll(async () => {
    // The document only: no projector process needed (the other read API specs start one).
    service = await createQueryApp(testConfig(), { monitorIntervalMs: 200 }, { docsUi: false });
    const response = await getJson<Document>(`${service.url}/docs-json`);
    expect(response.status).toBe(200);
    doc = response.body;
  });

  afterAll(async () => {
    await service?.close();
  });

  const operation = (path: string) => {
    const op = doc.paths[path]?.get;
    if (!op) throw new Error(`no GET ${path} in ${Object.keys(doc.paths).join(', ')}`);
    return op;
  };
  const parameters = (path: string) => (operation(path).parameters ?? []).map((p) => `${p.in}:${p.name}${p.required ? '!' : ''}`).sort();
  const readOptions = ['query:waitFor', 'query:waitMs'];

  it('documents every parameter of every read, required ones marked', () => {
    expect(parameters('/rankings')).toEqual(
      ['header:If-None-Match', 'query:cursor', 'query:divisionId!', 'query:q', 'query:size', 'query:weightClass', ...readOptions].sort(),
    );
    expect(parameters('/athletes/{id}')).toEqual(['header:If-None-Match', 'path:id!', ...readOptions].sort());
    expect(parameters('/divisions/{id}/leaderboard')).toEqual(['header:If-None-Match', 'path:id!', 'query:top', ...readOptions].sort());
    expect(parameters('/divisions/{id}/stats')).toEqual(['header:If-None-Match', 'path:id!', ...readOptions].sort());
    expect(parameters('/divisions/{id}/leaderboard/stream')).toEqual(['header:Last-Event-ID', 'path:id!', 'query:top'].sort());
    expect(parameters('/')).toEqual(['query:division']);
  });

  it.each(['/rankings', '/athletes/{id}', '/divisions/{id}/leaderboard', '/divisions/{id}/stats'])(
    '%s: caching and staleness headers, 304 and the error answers',
    (path) => {
      const { responses } = operation(path);
      expect(Object.keys(responses['200'].headers ?? {}).sort()).toEqual(['Cache-Control', 'ETag', 'X-Projection-Stale']);
      expect(Object.keys(responses['304'].headers ?? {}).sort()).toEqual(['Cache-Control', 'ETag']);
      expect(Object.keys(responses['503'].headers ?? {})).toEqual(['Retry-After']);
      expect(responses['400']).toBeDefined();
      if (path !== '/rankings') expect(responses['404']).toBeDefined();
    },
  );

  it('describes the answers: entries, pages, leaderboards, stats, projections, errors, the event stream and the probes', () => {
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas.RankingEntry.properties).sort()).toEqual(
      ['athleteId', 'country', 'divisionId', 'draws', 'lastMatchAt', 'losses', 'matches', 'name', 'points', 'rank', 'recentForm', 'weightClass', 'wins'].sort(),
    );
    expect(Object.keys(schemas.RankingsPage.properties).sort()).toEqual(['items', 'nextCursor', 'total']);
    expect(Object.keys(schemas.Error.properties).sort()).toEqual(['error', 'message', 'statusCode']);
    expect(Object.keys(schemas.ProjectionReport.properties)).toContain('freshnessLagMs');
    expect(operation('/divisions/{id}/leaderboard/stream').responses['200'].content).toHaveProperty(['text/event-stream']);
    for (const path of ['/health', '/health/live', '/health/ready', '/projections', '/metrics']) expect(doc.paths[path]?.get).toBeDefined();
  });
});
