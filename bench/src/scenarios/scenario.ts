import type { BenchStack } from '../harness/bench-stack';
import type { Cleanup } from '../harness/cleanup';
import type { ScenarioOutcome } from '../report/scenario-result';

/** Every option of `npm run bench`, with the defaults of main.ts applied. */
export interface BenchOptions {
  /** Seconds per load step. */
  duration: number;
  /** Seconds of warm-up load before the first measured step. */
  warmup: number;
  postgresUrl: string;
  redisUrl: string;
  /** CPU-profile the service under test during the heaviest step. */
  profile: boolean;
  /** Update docs/benchmarks.md. */
  docs: boolean;
  /** write: client counts. */
  concurrency: number[];
  /** write: scheduled matches seeded per side (HTTP and pgbench). */
  matchPool: number;
  /** relay: events pre-filled in the outbox. */
  backlog: number;
  /** relay: steady insert rate for the latency step, events/s. */
  relayRate: number;
  /** freshness: sustained result rates, results/s. */
  rates: number[];
  /** read: connection counts. */
  connections: number[];
  /** read: profile the step whose endpoint contains this text (rankings-query, plus Elasticsearch when it serves the step). */
  profileStep: string;
  /** read: divisions × athletes and results seeded. */
  divisions: number;
  athletesPerDivision: number;
  results: number;
  /** rebuild: matches and athletes seeded. */
  matches: number;
  athletes: number;
}

export interface ScenarioContext {
  options: BenchOptions;
  stack: BenchStack;
  cleanup: Cleanup;
  log: (message: string) => void;
}

export interface Scenario {
  name: string;
  title: string;
  /** The options that shape this scenario's figures, recorded with its result. */
  relevantOptions: Array<keyof BenchOptions>;
  run(context: ScenarioContext): Promise<ScenarioOutcome>;
}
