import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { LatencySummary, summarizeLatencies } from '../report/percentiles';
import { UnavailableError } from './errors';

const run = promisify(execFile);

export interface PgbenchStep {
  databaseUrl: string;
  clients: number;
  durationSeconds: number;
  /** The custom transaction script (pgbench syntax). */
  script: string;
  /** `-D name=value` variables, substituted as bind parameters under `-M prepared`. */
  variables: Record<string, string>;
  workDir: string;
}

export interface PgbenchResult {
  clients: number;
  tps: number;
  transactions: number;
  failed: number;
  latencyMs: LatencySummary | null;
  aborted: boolean;
  output: string;
}

export async function ensurePgbench(): Promise<void> {
  try {
    await run('pgbench', ['--version']);
  } catch {
    throw new UnavailableError('pgbench is not installed (it is the write baseline); install postgresql-client');
  }
}

/**
 * Runs pgbench with the prepared protocol (the services use bind parameters too), one
 * thread per CPU at most, and a per-transaction log from which the percentiles come.
 */
export async function runPgbench(step: PgbenchStep): Promise<PgbenchResult> {
  const url = new URL(step.databaseUrl);
  const dir = path.join(step.workDir, `pgbench-c${step.clients}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const scriptFile = path.join(dir, 'transaction.sql');
  writeFileSync(scriptFile, step.script);
  const threads = Math.max(1, Math.min(step.clients, os.availableParallelism?.() ?? os.cpus().length));
  const args = [
    '-n',
    '-M',
    'prepared',
    '-c',
    String(step.clients),
    '-j',
    String(threads),
    '-T',
    String(step.durationSeconds),
    '-f',
    scriptFile,
    '-l',
    `--log-prefix=${path.join(dir, 'txlog')}`,
    '-h',
    url.hostname,
    '-p',
    url.port || '5432',
    '-U',
    decodeURIComponent(url.username || 'postgres'),
    ...Object.entries(step.variables).flatMap(([name, value]) => ['-D', `${name}=${value}`]),
    decodeURIComponent(url.pathname.replace(/^\//, '')),
  ];
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(url.password) || process.env.PGPASSWORD };
  let output: string;
  let aborted = false;
  try {
    const { stdout, stderr } = await run('pgbench', args, { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 });
    output = `${stdout}\n${stderr}`;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    output = `${e.stdout ?? ''}\n${e.stderr ?? e.message}`;
    aborted = true;
  }
  return { clients: step.clients, ...parsePgbenchOutput(output), latencyMs: readLatencies(dir), aborted, output };
}

export function parsePgbenchOutput(output: string): { tps: number; transactions: number; failed: number } {
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(output);
  const processed = /number of transactions actually processed: (\d+)/.exec(output);
  const failed = /number of failed transactions: (\d+)/.exec(output);
  if (!tps || !processed) throw new Error(`pgbench printed no result:\n${output.slice(-1500)}`);
  return { tps: Number(tps[1]), transactions: Number(processed[1]), failed: failed ? Number(failed[1]) : 0 };
}

/** Log lines: `client_id transaction_no time_us script_no epoch epoch_us`; failed ones are skipped. */
function readLatencies(dir: string): LatencySummary | null {
  const samples: number[] = [];
  for (const file of readdirSync(dir).filter((f) => f.startsWith('txlog'))) {
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      const micros = Number(line.split(' ')[2]);
      if (line && Number.isFinite(micros)) samples.push(micros / 1000);
    }
  }
  return summarizeLatencies(samples);
}
