import { CommandApi } from '../../test/command-api';

/** The OpenAPI document at /docs-json is the write API's reference: it must say what the API does. */
describe('write API OpenAPI document', () => {
  let api: CommandApi;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the OpenAPI JSON under test
  let spec: any;
  beforeAll(async () => {
    api = await CommandApi.start();
    spec = (await api.request('GET', '/docs-json', { key: null })).body;
  });
  afterAll(() => api.stop());

  const writes = [
    ['/divisions', 'post'],
    ['/athletes', 'post'],
    ['/athletes/{id}', 'patch'],
    ['/matches', 'post'],
    ['/matches/{id}/result', 'post'],
    ['/matches/{id}/result', 'put'],
  ] as const;

  it('gives every write a summary, one of the resource tags, the bearer scheme and its error answers', () => {
    for (const [path, method] of writes) {
      const operation = spec.paths[path][method];
      expect(operation.summary).toEqual(expect.any(String));
      expect(operation.tags).toHaveLength(1);
      expect(['divisions', 'athletes', 'matches']).toContain(operation.tags[0]);
      expect(operation.security).toEqual([{ bearer: [] }]);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '415']));
    }
    expect(spec.paths['/health'].get.tags).toEqual(['operations']);
  });

  it('describes the key as an opaque bearer token, not a JWT', () => {
    expect(spec.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer', description: expect.any(String) });
  });

  it('documents the request bodies with the schemas that validate them', () => {
    const schedule = spec.paths['/matches'].post.requestBody.content['application/json'].schema;
    expect(schedule.properties.scheduledAt).toMatchObject({ type: 'string', format: 'date-time', nullable: true });
    expect(schedule.additionalProperties).toBe(false);
    expect(schedule.required).toEqual(['divisionId', 'redAthleteId', 'blueAthleteId']);
    const athlete = spec.paths['/athletes'].post.requestBody.content['application/json'].schema;
    expect(athlete.required).toContain('country');
    expect(athlete.properties.country['x-messages'].default).toBe('country must be an ISO 3166-1 alpha-2 country code');
  });
});
