import Redis from 'ioredis';
import { spawn } from 'node:child_process';
import { REPO_ROOT, uniqueName } from '@test/support';

export interface OpsRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout parsed, when the command ran with --json. */
  json: Record<string, unknown>;
}

/** Runs the compiled CLI (`npm run build` first) as a child process, as on-call would. */
export function runOps(args: string[], env: NodeJS.ProcessEnv): Promise<OpsRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', ['dist/apps/ops/src/main.js', ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      let json: Record<string, unknown> = {};
      if (args.includes('--json')) {
        try {
          json = JSON.parse(stdout) as Record<string, unknown>;
        } catch {
          json = { unparseable: stdout };
        }
      }
      resolve({ code, signal, stdout, stderr, json });
    });
  });
}

/** Environment of one isolated stack: its own database, alias, Redis prefix and topic. */
export function isolatedEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const name = uniqueName('ops');
  return {
    DATABASE_URL: databaseUrl,
    ELASTICSEARCH_URL: process.env.ELASTICSEARCH_URL,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    KAFKA_TOPIC: `${name}-events`,
    ELASTICSEARCH_ALIAS: name,
    REDIS_KEY_PREFIX: `${name}:`,
    QUERY_PORT: '1',
    LOG_LEVEL: 'warn',
    DD_TRACE_ENABLED: 'false',
  };
}

/** Asserts the exit code; on a mismatch the failure shows what the CLI printed. */
export function expectExit(run: OpsRun, code: number): void {
  expect({ code: run.code, output: run.code === code ? '' : `${run.stdout}\n${run.stderr}` }).toEqual({ code, output: '' });
}

/** Removes every Redis key a test stack wrote under its prefix. */
export async function dropRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}
