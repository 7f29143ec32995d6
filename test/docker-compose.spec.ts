import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { configSchema, loadConfig, LoadedConfig } from '@app/config';

/**
 * docker-compose.yml cannot run on CI (no Docker engine), so this keeps it honest: every
 * service gets every variable it needs, each variable is one the services actually read,
 * ports, hosts and entry points agree with each other, the README's Docker commands use
 * the credentials the file sets, servers are not older than their clients, every stateful
 * service keeps its data in a volume, and no production key is built in.
 */
interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  healthcheck?: { test: string[] };
  profiles?: string[];
  volumes?: string[];
}

const root = path.resolve(__dirname, '..');
const composeText = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};
/** The port variable of every service process that compose may run (`--profile app`). */
const PORT_VARIABLES: Record<string, string> = {
  'match-command': 'COMMAND_PORT',
  'outbox-relay': 'RELAY_PORT',
  'rankings-query': 'QUERY_PORT',
  'rankings-projector': 'PROJECTOR_PORT',
};
const apps = Object.fromEntries(
  Object.entries(compose.services)
    .filter(([, service]) => service.build !== undefined)
    .map(([name]) => [name, PORT_VARIABLES[name] ?? `(no port variable known for ${name})`]),
);
/** A key a user would pass on the command line (`API_KEYS=… docker compose …`). */
const USER_ENV = { API_KEYS: 'a-real-key:write+admin' };

/** `${NAME:-default}` → the user's value or the default, as compose does. */
function interpolate(value: string | number, userEnv: Record<string, string>): string {
  return String(value).replace(/\$\{([A-Z_]+):-([^}]*)\}/g, (_, name: string, fallback: string) => userEnv[name] ?? fallback);
}

function envOf(name: string, userEnv: Record<string, string> = USER_ENV): Record<string, string> {
  const env = compose.services[name].environment ?? {};
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v, userEnv)]));
}

/** `KEY=value` assignments in front of `npm start` in the README's Docker section. */
function readmeStartEnv(): Record<string, string> {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.includes('docker compose up')) ?? '';
  const line = section.split('\n').find((l) => /\bnpm start\b/.test(l) && l.includes('=')) ?? '';
  return Object.fromEntries([...line.matchAll(/([A-Z_]+)=(\S+)/g)].map((m) => [m[1], m[2]]));
}

/** [major, minor, patch] of `9.3.8`, `v20.19.0` or `9.3`. */
function versionOf(text: string): number[] {
  const match = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text);
  if (!match) throw new Error(`not a version: ${text}`);
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

function compareVersions(a: number[], b: number[]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** npm's range forms used in `engines`: `||` of space-separated `>=`, `>`, `<`, `<=`, `^` comparators. */
function satisfies(version: string, range: string): boolean {
  const v = versionOf(version);
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .split(/\s+/)
      .every((comparator) => {
        const [, op, bound] = /^(>=|<=|>|<|\^|=)?\s*(.+)$/.exec(comparator) ?? [];
        const b = versionOf(bound);
        const c = compareVersions(v, b);
        if (op === '^') return c >= 0 && v[0] === b[0];
        return { '>=': c >= 0, '<=': c <= 0, '>': c > 0, '<': c < 0 }[op as string] ?? c === 0;
      }),
  );
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
    const port = loadConfig(envOf(name))[portVariable as keyof LoadedConfig];
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

  it('names a test file in its header that exists', () => {
    const named = [...composeText.matchAll(/^#.*?(test\/\S+\.ts)/gm)].map((m) => m[1]);
    expect(named).not.toEqual([]);
    for (const file of named) expect(existsSync(path.join(root, file))).toBe(true);
  });

  it('builds in no API key: without API_KEYS a production service refuses to start', () => {
    for (const name of Object.keys(apps)) {
      expect(() => loadConfig(envOf(name, {}))).toThrow(/API_KEYS/);
      expect(loadConfig(envOf(name)).apiKeys).toEqual([{ key: 'a-real-key', scopes: ['write', 'admin'] }]);
    }
  });

  it("gives the README's `npm start` against compose the credentials and ports compose sets", () => {
    const env = readmeStartEnv();
    const postgres = compose.services.postgres.environment ?? {};
    const db = new URL(env.DATABASE_URL ?? loadConfig({}).DATABASE_URL);
    expect(decodeURIComponent(db.username)).toBe(String(postgres.POSTGRES_USER ?? 'postgres'));
    expect(decodeURIComponent(db.password)).toBe(String(postgres.POSTGRES_PASSWORD ?? ''));
    expect(db.pathname).toBe(`/${String(postgres.POSTGRES_DB ?? 'postgres')}`);
    const published = (service: string) => (compose.services[service].ports ?? []).map((p) => Number(p.split(':')[0]));
    expect(published('postgres')).toContain(Number(db.port || 5432));
    expect(published('elasticsearch')).toContain(Number(new URL(env.ELASTICSEARCH_URL).port));
    const advertised = String(compose.services.kafka.environment?.KAFKA_ADVERTISED_LISTENERS).split(',');
    for (const broker of env.KAFKA_BROKERS.split(',')) {
      expect(advertised.some((l) => l.endsWith(`//${broker}`))).toBe(true);
      expect(published('kafka')).toContain(Number(broker.split(':')[1]));
    }
    // The containers connect with the same user and password.
    const inside = new URL(loadConfig(envOf('match-command')).DATABASE_URL);
    expect([inside.username, inside.password]).toEqual([db.username, db.password]);
  });

  it('runs an Elasticsearch server not older than the client (Elastic supports client ≤ server)', () => {
    const client = (JSON.parse(readFileSync(path.join(root, 'node_modules/@elastic/elasticsearch/package.json'), 'utf8')) as { version: string })
      .version;
    const server = compose.services.elasticsearch.image?.split(':')[1] ?? '';
    const [clientMajor, clientMinor] = versionOf(client);
    expect(compareVersions(versionOf(server), [clientMajor, clientMinor, 0])).toBeGreaterThanOrEqual(0);
  });

  it.each([
    ['postgres', '/var/lib/postgresql/data'],
    ['redis', '/data'],
    ['kafka', String(compose.services.kafka.environment?.KAFKA_LOG_DIRS)],
    ['elasticsearch', '/usr/share/elasticsearch/data'],
  ])('keeps the data of %s in a named volume at %s', (name, dataDir) => {
    const mounts = (compose.services[name].volumes ?? []).map((v) => v.split(':'));
    const mount = mounts.find(([, target]) => target === dataDir);
    expect(mount).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(mount![0]);
  });

  it('builds the image on a supported Node LTS line that package.json engines admits, as it does Node 20', () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const images = [...dockerfile.matchAll(/^FROM node:(\d+)/gm)].map((m) => Number(m[1]));
    expect(images.length).toBeGreaterThan(0);
    const engines = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    for (const major of images) {
      expect([22, 24]).toContain(major);
      expect(satisfies(`${major}.12.0`, engines)).toBe(true);
    }
    for (const version of ['20.19.0', '22.12.0', '24.0.0', process.version]) expect(satisfies(version, engines)).toBe(true);
  });

  it('keeps the optional parts behind profiles', () => {
    for (const name of Object.keys(apps)) expect(compose.services[name]).toMatchObject({ profiles: ['app'] });
    expect(compose.services['datadog-agent']).toMatchObject({ profiles: ['datadog'] });
  });
});
