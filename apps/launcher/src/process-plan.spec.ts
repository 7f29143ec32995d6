import { loadConfig } from '@app/config';
import { planProcesses } from './process-plan';

describe('planProcesses', () => {
  it('runs both stand-ins with on-disk data and points the services at them when nothing is configured', () => {
    const plan = planProcesses({}, loadConfig({}), '/repo');
    expect(plan.standIns.map((p) => [p.name, p.readyPort])).toEqual([
      ['kafka', 9092],
      ['elasticsearch', 9200],
    ]);
    expect(plan.standIns[0].env.EMBEDDED_KAFKA_DATA_DIR).toBe('/repo/.data/kafka');
    // The Elasticsearch stand-in keeps every document in memory: it gets a heap past Node's default.
    expect(plan.standIns[1].env.NODE_OPTIONS).toMatch(/^--max-old-space-size=\d+ --max-semi-space-size=\d+$/);
    expect(planProcesses({ NODE_OPTIONS: '--enable-source-maps' }, loadConfig({}), '/repo').standIns[1].env.NODE_OPTIONS).toMatch(
      /^--enable-source-maps --max-old-space-size=\d+ --max-semi-space-size=\d+$/,
    );
    expect(plan.services.map((s) => s.name)).toEqual(['command', 'relay', 'query', 'projector']);
    expect(plan.services[2].env).toEqual({ KAFKA_BROKERS: '127.0.0.1:9092', ELASTICSEARCH_URL: 'http://127.0.0.1:9200' });
  });

  it('starts no stand-in for a server that is configured', () => {
    const env = { KAFKA_BROKERS: 'kafka:9092', ELASTICSEARCH_URL: 'http://es:9200' };
    const plan = planProcesses(env, loadConfig(env), '/repo');
    expect(plan.standIns).toEqual([]);
    expect(plan.services[0].env).toEqual({});
  });

  it('asks the services for readable logs when the launcher runs on a terminal, JSON otherwise', () => {
    const env = { KAFKA_BROKERS: 'kafka:9092', ELASTICSEARCH_URL: 'http://es:9200' };
    expect(planProcesses(env, loadConfig(env), '/repo', true).services[0].env).toEqual({ LOG_FORMAT: 'pretty' });
    expect(planProcesses(env, loadConfig(env), '/repo', false).services[0].env).toEqual({});
    const production = { ...env, NODE_ENV: 'production', API_KEYS: 'k:write' };
    expect(planProcesses(production, loadConfig(production), '/repo', true).services[0].env).toEqual({});
    const json = { ...env, LOG_FORMAT: 'json' };
    expect(planProcesses(json, loadConfig(json), '/repo', true).services[0].env).toEqual({});
  });

  it('honours configured stand-in ports and data dirs', () => {
    const env = { ELASTICSEARCH_URL: 'http://es:9200', EMBEDDED_KAFKA_PORT: '19092', EMBEDDED_KAFKA_DATA_DIR: '/var/kafka' };
    const plan = planProcesses(env, loadConfig(env), '/repo');
    expect(plan.standIns).toEqual([
      { name: 'kafka', entry: 'dist/libs/embedded-kafka/src/main.js', env: { EMBEDDED_KAFKA_DATA_DIR: '/var/kafka' }, readyPort: 19092 },
    ]);
    expect(plan.services[1].env).toEqual({ KAFKA_BROKERS: '127.0.0.1:19092' });
  });
});
