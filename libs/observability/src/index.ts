// Order matters: tracing must be initialised before any instrumented module is loaded.
export { tracer, tracingEnabled } from './tracing';
export { statsd } from './statsd';
export { currentTraceHeaders } from './trace-context';
export { metricsRegistry, MetricsController } from './metrics';
export { createLogger, logServiceReady, loggerModule, prettyByDefault, StartupQuietLogger, useServiceLogger } from './logging';
export type { Logger } from 'pino';
