import { Command, InvalidArgumentError, Option } from 'commander';
import type { Cleanup } from './harness/cleanup';
import { cleanUpOnSignals } from './harness/cleanup';
import { closeHttpAgent } from './harness/http-client';
import { runScenario } from './runner';
import { scenarios } from './scenarios';
import type { BenchOptions } from './scenarios/scenario';

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
};
const nonNegativeInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
};
const intList = (value: string): number[] => value.split(',').map((v) => positiveInt(v.trim()));

const log = (message: string) => process.stdout.write(`${message}\n`);

async function main(): Promise<void> {
  const program = new Command('bench')
    .description('Benchmarks of the rankings platform, each beside its baseline measured in the same run')
    .argument('<scenario>', `one of ${[...Object.keys(scenarios), 'all'].join(', ')}`)
    .addOption(new Option('--duration <s>', 'seconds per load step').argParser(positiveInt).default(15))
    .addOption(new Option('--warmup <s>', 'seconds of warm-up before the first step').argParser(nonNegativeInt).default(3))
    .addOption(
      new Option('--postgres-url <url>', 'admin URL of the Postgres server')
        .env('BENCH_POSTGRES_URL')
        .default('postgres://postgres@127.0.0.1:5432/postgres'),
    )
    .addOption(new Option('--redis-url <url>', 'Redis the services use').env('BENCH_REDIS_URL').default('redis://127.0.0.1:6379'))
    .option('--no-profile', 'do not CPU-profile the service under test')
    .option('--no-docs', 'do not update docs/benchmarks.md')
    .addOption(new Option('--concurrency <list>', 'write: client counts').argParser(intList).default([1, 16, 64]))
    .addOption(new Option('--match-pool <n>', 'write: scheduled matches per side').argParser(positiveInt).default(200_000))
    .addOption(new Option('--backlog <n>', 'relay: events pre-filled in the outbox').argParser(positiveInt).default(100_000))
    .addOption(new Option('--relay-rate <n>', 'relay: steady insert rate, events/s').argParser(positiveInt).default(1000))
    .addOption(new Option('--rates <list>', 'freshness: results/s').argParser(intList).default([100, 500, 1000]))
    .addOption(new Option('--connections <list>', 'read: connection counts').argParser(intList).default([50, 200]))
    .addOption(new Option('--profile-step <text>', 'read: profile the step whose endpoint contains this text').default('leaderboard'))
    .addOption(new Option('--divisions <n>', 'read: divisions').argParser(positiveInt).default(20))
    .addOption(new Option('--athletes-per-division <n>', 'read: athletes per division').argParser(positiveInt).default(500))
    .addOption(new Option('--results <n>', 'read: results recorded before reading').argParser(positiveInt).default(20_000))
    .addOption(new Option('--matches <n>', 'rebuild: matches with results').argParser(positiveInt).default(1_000_000))
    .addOption(new Option('--athletes <n>', 'rebuild: athletes').argParser(positiveInt).default(20_000))
    .showHelpAfterError();
  program.parse(process.argv);
  const [name] = program.args;
  const options = program.opts<BenchOptions>();

  const selected = name === 'all' ? Object.values(scenarios) : [scenarios[name as keyof typeof scenarios]].filter(Boolean);
  if (selected.length === 0)
    program.error(`unknown scenario "${name}"; choose one of ${[...Object.keys(scenarios), 'all'].join(', ')}`);

  let current: Cleanup | null = null;
  cleanUpOnSignals(() => current?.run(log) ?? Promise.resolve(), log);
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`;
  let exitCode = 0;
  for (const scenario of selected) {
    const result = await runScenario(scenario, options, command, { log, onCleanup: (c) => (current = c) });
    if (result.status === 'failed') exitCode = Math.max(exitCode, 1);
    if (result.status === 'unavailable') exitCode = Math.max(exitCode, 2);
  }
  closeHttpAgent();
  // Clients of the stores (kafkajs, ioredis) may keep timers alive; the run is over.
  process.exit(exitCode);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
