import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '@app/observability';

export const streamMetrics = {
  subscribers: new Gauge({
    name: 'leaderboard_stream_subscribers',
    help: 'Open leaderboard SSE streams in this process',
    registers: [metricsRegistry],
  }),
  /** One per change per division with subscribers, however many subscribers: the fan-out's cost. */
  reads: new Counter({
    name: 'leaderboard_stream_reads_total',
    help: 'Leaderboard reads made to feed the SSE streams, by what triggered them',
    labelNames: ['trigger'] as const,
    registers: [metricsRegistry],
  }),
};
