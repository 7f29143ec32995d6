import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root, from dist/bench/src/harness (compiled) or bench/src/harness (jest). */
export const repoRoot = [path.resolve(__dirname, '../../../..'), path.resolve(__dirname, '../../..')].find((dir) =>
  existsSync(path.join(dir, 'package.json')),
) as string;

export const resultsDir = path.join(repoRoot, 'bench', 'results');
export const benchmarksDoc = path.join(repoRoot, 'docs', 'benchmarks.md');

/** Compiled entry points of the processes the scenarios start. */
export const entryPoints = {
  command: 'dist/apps/match-command/src/main.js',
  relay: 'dist/apps/outbox-relay/src/main.js',
  query: 'dist/apps/rankings-query/src/main.js',
  projector: 'dist/apps/rankings-projector/src/main.js',
  ops: 'dist/apps/ops/src/main.js',
  kafka: 'dist/libs/embedded-kafka/src/main.js',
  elasticsearch: 'dist/libs/embedded-elasticsearch/src/main.js',
  redisGetServer: 'dist/bench/src/baselines/redis-get-server.js',
  sseFanoutServer: 'dist/bench/src/baselines/sse-fanout-server.js',
  profilePreload: 'dist/bench/src/profiling/cpu-profile-preload.js',
} as const;
