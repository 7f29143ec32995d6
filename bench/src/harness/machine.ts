import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { Client } from 'pg';
import type { MachineInfo } from '../report/scenario-result';
import { repoRoot } from './paths';

export async function describeMachine(postgresUrl: string): Promise<MachineInfo> {
  return {
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    postgres: await postgresVersion(postgresUrl),
    platform: `${os.platform()} ${os.arch()}`,
  };
}

async function postgresVersion(postgresUrl: string): Promise<string> {
  const client = new Client({ connectionString: postgresUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return `PostgreSQL ${rows[0]?.server_version.split(' ')[0] ?? '?'}`;
  } catch (error) {
    return `PostgreSQL unreachable (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function gitCommit(): { commit: string; dirty: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--', 'apps', 'libs'], { cwd: repoRoot, encoding: 'utf8' });
    return { commit, dirty: status.trim().length > 0 };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}
