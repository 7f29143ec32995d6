import type { Config } from './config.schema';

/**
 * What each variable means, for docs/configuration.md (`npm run docs`). Typed against the
 * schema, so a variable added without a description does not compile.
 */
export const CONFIG_DESCRIPTIONS: Record<keyof Config, string> = {
  NODE_ENV: '`production` requires `API_KEYS` and logs JSON; otherwise the dev key is accepted (with a warning)',
  LOG_LEVEL: 'pino level; logs carry Datadog trace ids',
  LOG_FORMAT: '`auto`: readable lines on a terminal outside production (`npm start` asks for them), JSON otherwise',
  DATABASE_URL: 'system of record; the database is created and migrated on start',
  DATABASE_POOL_SIZE: 'Postgres connections per process',
  KAFKA_BROKERS: 'comma list of host:port; unset → `npm start` runs the embedded broker',
  KAFKA_TOPIC: 'events topic (3 partitions when created here); dead letters go to `<topic>.dlq`',
  KAFKA_CLIENT_ID: 'prefix of the Kafka client ids',
  ELASTICSEARCH_URL: 'unset → `npm start` runs the embedded server',
  ELASTICSEARCH_ALIAS: 'read alias; physical indices are `<alias>-<version>`',
  ELASTICSEARCH_REQUEST_TIMEOUT_MS: 'per-request timeout towards Elasticsearch',
  REDIS_URL: 'hot read models and the relay’s source watermark',
  REDIS_CLUSTER_NODES:
    'comma list of `host:port` seed nodes of a Redis Cluster holding the read models (projector, read API, `ops`); unset → the single node at `REDIS_URL` (the relay’s source watermark stays there)',
  REDIS_KEY_PREFIX: 'namespace for every Redis key (several stacks or tests can share one Redis)',
  API_KEYS:
    '`key:scope[+scope],…` with scopes `write`, `admin`; unset outside production → `dev-key` (both scopes, with a warning); required in production',
  FRESHNESS_SLA_MS: 'a projector lagging more than this makes `/health` answer 503',
  COMMAND_PORT: 'write API (match-command)',
  QUERY_PORT: 'read API and rankings page (rankings-query)',
  RELAY_PORT: 'outbox-relay `/health` and `/metrics`',
  EMBEDDED_KAFKA_PORT: 'embedded Kafka stand-in',
  EMBEDDED_ES_PORT: 'embedded Elasticsearch stand-in',
  EMBEDDED_KAFKA_DATA_DIR: 'stand-in persistence (unset: memory only; `npm start` uses `.data/`)',
  EMBEDDED_ES_DATA_DIR: 'stand-in persistence (unset: memory only; `npm start` uses `.data/`)',
  RELAY_BATCH_SIZE: 'outbox rows per relay batch',
  RELAY_POLL_INTERVAL_MS:
    "the relay polls every millisecond while rows keep coming; this is its idle back-off ceiling. Writers ring the relay's doorbell (NOTIFY outbox_doorbell) after each commit, so it only bounds what an event waits when no ring arrives",
  RELAY_SEND_TIMEOUT_MS: 'a publish not acknowledged within this long counts as failed (a hung broker marks the relay degraded)',
  OUTBOX_RETENTION_HOURS: 'published outbox rows are deleted after this',
  PROJECTOR_PORT: 'rankings-projector: `/health`, `/projections`, `/metrics`',
  WAIT_FOR_MAX_WAITERS: 'concurrent `waitFor` reads one read API process holds; beyond it, 503 with Retry-After',
  COMMAND_HEADERS_TIMEOUT_MS: "write API: time to receive a request's headers; a late one is answered 408 and its socket closed",
  COMMAND_REQUEST_TIMEOUT_MS: 'write API: time to receive a whole request; a stalled body is answered 408',
  COMMAND_KEEP_ALIVE_TIMEOUT_MS: 'write API: idle time of a keep-alive connection',
  COMMAND_MAX_CONNECTIONS_PER_ADDRESS: 'write API: open connections one client address may hold; requests on the ones beyond are answered 429',
  DD_SERVICE: 'dd-trace service name (default: the process name)',
  DD_ENV: 'dd-trace environment tag',
  DD_VERSION: 'dd-trace version tag',
  DD_TRACE_ENABLED: 'tracing is on when `DD_AGENT_HOST`/`DD_TRACE_AGENT_URL` is set or this is `true`',
  DD_AGENT_HOST: 'Datadog agent host (traces)',
  DD_TRACE_AGENT_URL: 'Datadog agent URL (traces)',
  DD_DOGSTATSD_HOST: 'DogStatsD host (the freshness gauge)',
  DD_DOGSTATSD_PORT: 'DogStatsD port',
};
