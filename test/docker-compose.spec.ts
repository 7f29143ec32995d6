import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '@app/config';

/**
 * docker-compose.yml cannot run on CI (no Docker engine), so this keeps it honest: every
 * service gets every variable it needs, each variable is one the services actually read,
 * and ports, hosts and entry points agree with each other.
 */
interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  healthcheck?: { test: string[] };
}

const root = path.resolve(__dirname, '..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const apps = { 'match-command': 'COMMAND_PORT', 'outbox-relay': 'RELAY_PORT', 'rankings-query': 'QUERY_PORT' } as const;

/** `${NAME:-default}` → default, as compose does when NAME is unset. */
function interpolate(value: string | number): string {
  return String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
}

function envOf(name: string): Record<string, string> {
  const env = compose.services[name].environment ?? {};
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v)]));
}

function containerPorts(service: ComposeService): number[] {
  return (service.ports ?? []).map((p) => Number(p.split(':')[1].split('/')[0]));
}

describe('docker-compose.yml', () => {
  it.each(Object.entries(apps))('gives %s a complete production configuration', (name) => {
    const env = envOf(name);
    for (const required of ['DATABASE_URL', 'KAFKA_BROKERS', 'KAFKA_TOPIC', 'ELASTICSEARCH_URL', 'REDIS_URL', 'API_KEYS']) {
      expect(env).toHaveProperty(required);
    }
    expect(env.NODE_ENV).toBe('production');
    expect(() => loadConfig(env)).not.toThrow();
  });

  it.each(Object.keys(apps))('sets only variables that %s reads', (name) => {
    const known = new Set(Object.keys(configSchema.shape));
    const unknown = Object.keys(envOf(name)).filter((k) => !known.has(k));
    expect(unknown).toEqual([]);
  });

  it.each(Object.entries(apps))('publishes %s on the port it listens on and health-checks its liveness probe there', (name, portVariable) => {
    const service = compose.services[name];
    const port = loadConfig(envOf(name))[portVariable];
    expect(containerPorts(service)).toEqual([port]);
    expect(service.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${port}/health/live'`);
  });

  it.each(Object.keys(apps))('runs an entry point of %s that exists in the source tree', (name) => {
    const entry = compose.services[name].command?.[1] ?? '';
    expect(entry).toBe(`dist/apps/${name}/src/main.js`);
    expect(existsSync(path.join(root, 'apps', name, 'src', 'main.ts'))).toBe(true);
  });

  it('points the services at infrastructure hosts and ports that exist in the file', () => {
    const config = loadConfig(envOf('rankings-query'));
    const db = new URL(config.DATABASE_URL);
    expect(compose.services[db.hostname]).toBeDefined();
    expect(containerPorts(compose.services[db.hostname])).toContain(Number(db.port));
    const redis = new URL(config.REDIS_URL);
    expect(containerPorts(compose.services[redis.hostname])).toContain(Number(redis.port));
    const es = new URL(config.ELASTICSEARCH_URL);
    expect(containerPorts(compose.services[es.hostname])).toContain(Number(es.port));
  });

  it('uses a Kafka listener that advertises an address reachable inside the compose network', () => {
    const brokers = loadConfig(envOf('outbox-relay')).KAFKA_BROKERS;
    const advertised = String(compose.services.kafka.environment?.KAFKA_ADVERTISED_LISTENERS).split(',');
    for (const broker of brokers) {
      const listener = advertised.find((l) => l.endsWith(`//${broker}`));
      expect(listener).toBeDefined();
      expect(listener).not.toContain('localhost');
    }
  });

  it('keeps the optional parts behind profiles', () => {
    for (const name of Object.keys(apps)) expect(compose.services[name]).toMatchObject({ profiles: ['app'] });
    expect(compose.services['datadog-agent']).toMatchObject({ profiles: ['datadog'] });
  });
});
