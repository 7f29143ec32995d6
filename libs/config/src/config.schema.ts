import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const SCOPES = ['write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKey {
  key: string;
  scopes: Scope[];
}

/**
 * `API_KEYS` is a comma list of `key:scope[+scope]`. A malformed entry fails start-up:
 * silently dropping a key would lock a client out with no explanation.
 */
const apiKeys = z
  .string()
  .optional()
  .transform((raw, ctx): ApiKey[] | undefined => {
    if (raw === undefined || raw.trim() === '') return undefined;
    const keys: ApiKey[] = [];
    for (const entry of raw.split(',').map((e) => e.trim()).filter(Boolean)) {
      const [key, scopeList, extra] = entry.split(':');
      const scopes = (scopeList ?? '').split('+').filter(Boolean);
      const bad = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
      if (!key || extra !== undefined || scopes.length === 0 || bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `entry "${entry.replace(/^[^:]*/, '***')}" must be key:scope[+scope] with scopes ${SCOPES.join(', ')}`,
        });
        return z.NEVER;
      }
      keys.push({ key, scopes: scopes as Scope[] });
    }
    return keys;
  });

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `auto`: readable lines on a terminal outside production, JSON otherwise (what log shippers parse). */
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),

  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/rankings'),
  DATABASE_POOL_SIZE: positiveInt(20),

  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((v) => v.split(',').map((b) => b.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'each broker must be host:port')).min(1)),
  KAFKA_TOPIC: z.string().regex(/^[a-zA-Z0-9._-]{1,200}$/).default('match-events'),
  KAFKA_CLIENT_ID: z.string().default('rankings'),

  ELASTICSEARCH_URL: z.string().url().default('http://127.0.0.1:9200'),
  /** Alias the read API serves from; physical indices are `<alias>-<version>`. */
  ELASTICSEARCH_ALIAS: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/).default('rankings'),
  ELASTICSEARCH_REQUEST_TIMEOUT_MS: positiveInt(5000),

  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** Seed nodes of a Redis Cluster holding the read models; empty: the single node at REDIS_URL. */
  REDIS_CLUSTER_NODES: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((n) => n.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'each cluster node must be host:port'))),
  /** Namespace for every Redis key, so several stacks (or tests) can share one Redis. */
  REDIS_KEY_PREFIX: z.string().default('rankings:'),

  API_KEYS: apiKeys,
  FRESHNESS_SLA_MS: positiveInt(60_000),
  /** Concurrent `waitFor` requests one read API process holds; beyond it, 503 + Retry-After. */
  WAIT_FOR_MAX_WAITERS: positiveInt(1000),

  COMMAND_PORT: port(3000),
  QUERY_PORT: port(3001),
  RELAY_PORT: port(3002),
  PROJECTOR_PORT: port(3003),
  EMBEDDED_KAFKA_PORT: port(9092),
  EMBEDDED_ES_PORT: port(9200),
  EMBEDDED_KAFKA_DATA_DIR: optionalString,
  EMBEDDED_ES_DATA_DIR: optionalString,

  RELAY_BATCH_SIZE: positiveInt(500),
  RELAY_POLL_INTERVAL_MS: positiveInt(100),
  OUTBOX_RETENTION_HOURS: z.coerce.number().positive().default(72),

  DD_SERVICE: optionalString,
  DD_ENV: optionalString,
  DD_VERSION: optionalString,
  DD_TRACE_ENABLED: optionalString,
  DD_AGENT_HOST: optionalString,
  DD_TRACE_AGENT_URL: optionalString,
  DD_DOGSTATSD_HOST: optionalString,
  DD_DOGSTATSD_PORT: optionalString,

  // --- write API (match-command): limits against clients that hold sockets open ---
  /** Time to receive a request's headers; a late one is answered 408 and its socket closed. */
  COMMAND_HEADERS_TIMEOUT_MS: positiveInt(10_000),
  /** Time to receive a whole request (headers and body); a stalled body is answered 408. */
  COMMAND_REQUEST_TIMEOUT_MS: positiveInt(30_000),
  /** Idle time a keep-alive connection is kept between requests. */
  COMMAND_KEEP_ALIVE_TIMEOUT_MS: positiveInt(5_000),
  /** Open connections one client address may hold; requests on the ones beyond are answered 429. */
  COMMAND_MAX_CONNECTIONS_PER_ADDRESS: positiveInt(256),
  // Outbox relay.
  /** A publish not acknowledged within this long counts as failed (a hung broker is detected by it). */
  RELAY_SEND_TIMEOUT_MS: positiveInt(3000),
});

export type Config = z.infer<typeof configSchema>;
