import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('applies the contract defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/rankings');
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(config.KAFKA_TOPIC).toBe('match-events');
    expect(config.ELASTICSEARCH_URL).toBe('http://127.0.0.1:9200');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.REDIS_CLUSTER_NODES).toEqual([]);
    expect(config.FRESHNESS_SLA_MS).toBe(60_000);
    expect([config.COMMAND_PORT, config.QUERY_PORT, config.RELAY_PORT]).toEqual([3000, 3001, 3002]);
  });

  it('falls back to dev-key with both scopes outside production', () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(config.usingDevKey).toBe(true);
    expect(config.apiKeys).toEqual([{ key: 'dev-key', scopes: ['write', 'admin'] }]);
  });

  it('refuses to start in production without API_KEYS', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/API_KEYS: required/);
  });

  it('parses API_KEYS scopes joined with +', () => {
    const config = loadConfig({ API_KEYS: 'k1:write, k2:write+admin' });
    expect(config.usingDevKey).toBe(false);
    expect(config.apiKeys).toEqual([
      { key: 'k1', scopes: ['write'] },
      { key: 'k2', scopes: ['write', 'admin'] },
    ]);
  });

  it('reads Redis Cluster seed nodes as a comma list of host:port and refuses anything else', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-b:7001' }).REDIS_CLUSTER_NODES).toEqual(['10.0.0.1:7000', 'redis-b:7001']);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'redis-a' })).toThrow(/REDIS_CLUSTER_NODES/);
  });

  it('lists every problem at once without echoing secrets', () => {
    let error: unknown;
    try {
      loadConfig({ API_KEYS: 'secret:root', KAFKA_BROKERS: 'nohost', FRESHNESS_SLA_MS: '-1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/API_KEYS/);
    expect(problems).toMatch(/KAFKA_BROKERS/);
    expect(problems).toMatch(/FRESHNESS_SLA_MS/);
    expect(problems).not.toMatch(/secret/);
  });
});
