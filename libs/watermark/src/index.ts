export { readSourceWatermark, writeSourceWatermark } from './source-watermark';
export type { SourceWatermark } from './source-watermark';
export { freshnessLagMs, PendingEventsTracker } from './pending-events';
export type { LagInput, PartitionObservation } from './pending-events';
export { SourceProgress } from './source-progress';
export { FreshnessMonitor } from './freshness.monitor';
export type { BreakerState, FreshnessMonitorOptions, MonitoredProjection, ProjectionReport, ProjectionStatus, StoredProgress } from './freshness.monitor';
export { reportFreshnessLag } from './freshness.metrics';
export { freshnessCheck } from './freshness-check';
