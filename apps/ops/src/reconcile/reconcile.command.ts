import type { Command } from 'commander';
import type { OpsCommand } from '../cli/ops-command';
import { duration, intBetween } from '../cli/parse-options';
import { reconcileOnce } from './reconcile-once';
import { reconcileEvery } from './reconcile-schedule';

export interface ReconcileOptions {
  repair?: boolean;
  /** Milliseconds between runs (`--every 10m`); unset: one run. */
  every?: number;
  metricsPort?: number;
}

export const reconcileCommand: OpsCommand<ReconcileOptions> = {
  name: 'reconcile',
  description:
    'compare Postgres-derived truth with Elasticsearch and Redis, including what users see (ranks, order, leaderboards); exit 0 no drift, 1 drift (0 after a successful --repair)',
  options: (command: Command) =>
    command
      .option('--repair', 'write the truth where it differs, then check again')
      .option('--every <duration>', 'repeat every 30s / 10m / 1h until SIGINT or SIGTERM, exporting the drift gauge', duration(1000))
      .option('--metrics-port <port>', 'with --every: serve the drift gauge as Prometheus /metrics on this port (0 = any)', intBetween(0, 65535)),
  async run(context, options, output) {
    if (options.every === undefined) return (await reconcileOnce(context, options.repair === true, output)).outcome;
    return reconcileEvery(context, { repair: options.repair === true, everyMs: options.every, metricsPort: options.metricsPort }, output);
  },
};
