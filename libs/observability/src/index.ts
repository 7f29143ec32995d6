// Order matters: tracing must be initialised before any instrumented module is loaded.
export { tracer, tracingEnabled } from './tracing';
export { statsd } from './statsd';
export { currentTraceHeaders } from './trace-context';
export { metricsRegistry, MetricsController } from './metrics';
export { recordHttpRequestDurations, UNMATCHED_ROUTE } from './http/http-metrics';
export { healthCheck } from './health/health-check';
export type { HealthCheck } from './health/health-check';
export { HEALTH_PROBES } from './health/health-probes';
export type { HealthProbes } from './health/health-probes';
export { HealthProbesModule } from './health/health-probes.module';
export type { HealthProbesOptions } from './health/health-probes.module';
export { createLogger, logServiceReady, loggerModule, prettyByDefault, StartupQuietLogger, useServiceLogger } from './logging';
export type { Logger } from 'pino';
