export { readSourceWatermark, writeSourceWatermark } from './source-watermark';
export type { SourceWatermark } from './source-watermark';
export { evaluateFreshness } from './freshness';
export type { FreshnessInput, FreshnessResult } from './freshness';
export { FreshnessMonitor } from './freshness.monitor';
export type { BreakerState, FreshnessMonitorOptions, MonitoredProjection, ProjectionReport, ProjectionStatus, StoredProgress } from './freshness.monitor';
export { reportFreshnessLag } from './freshness.metrics';
