import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitForPort } from '@app/ports';
import { eventually, RunningProcess, startProcess } from './child-process';

const run = promisify(execFile);
const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
const REDIS_CLI = process.env.REDIS_CLI_BIN ?? '/usr/bin/redis-cli';

export interface RunningRedisCluster {
  /** `host:port` of every master, for REDIS_CLUSTER_NODES or ioredis' Cluster. */
  nodes: string[];
  /** A node's output so far (for failure messages). */
  output(): string;
  /** Stops every node and deletes the temp dir. */
  stop(): Promise<void>;
}

/**
 * A real Redis Cluster of `size` masters (no replicas) from the machine's redis-server:
 * its own free ports (client and cluster bus), its own temp dir, nothing persisted. The
 * slots are spread evenly by `redis-cli --cluster create`; resolves once every node
 * reports cluster_state:ok.
 */
export async function startRedisCluster(size = 3): Promise<RunningRedisCluster> {
  // Free ports are picked, released and then bound: a test in another worker can take one
  // in between (its node then answers on our port, already in its own cluster, and the
  // create fails). Such a start is undone and tried again on new ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(size);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

async function startOnce(size: number): Promise<RunningRedisCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'redis-cluster-'));
  const servers: RunningProcess[] = [];
  const ports: number[] = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop(5_000)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < size; i++) {
      const [port, busPort] = [await freePort(), await freePort()];
      ports.push(port);
      servers.push(startProcess(REDIS_SERVER, serverArgs(dir, i, port, busPort), process.env));
    }
    await Promise.all(ports.map((port) => waitForPort(port, 10_000)));
    const nodes = ports.map((port) => `127.0.0.1:${port}`);
    await run(REDIS_CLI, ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 }).catch((error: { stdout?: string; message: string }) => {
      throw new Error(`${error.message}\n${error.stdout ?? ''}`);
    });
    await Promise.all(ports.map((port) => eventually(() => clusterOk(port), 30_000, `cluster_state:ok on 127.0.0.1:${port}`)));
    return { nodes, output: () => servers.map((s) => s.output()).join('\n'), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function serverArgs(dir: string, i: number, port: number, busPort: number): string[] {
  return [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--cluster-enabled',
    'yes',
    '--cluster-port',
    String(busPort),
    '--cluster-config-file',
    path.join(dir, `nodes-${i}.conf`),
    '--cluster-node-timeout',
    '5000',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'no',
  ];
}

async function clusterOk(port: number): Promise<true | undefined> {
  const { stdout } = await run(REDIS_CLI, ['-p', String(port), 'cluster', 'info'], { timeout: 5_000 });
  return /cluster_state:ok/.test(stdout) ? true : undefined;
}
