export { readSourceWatermark, writeSourceWatermark } from './source-watermark';
export type { SourceWatermark } from './source-watermark';
export { evaluateFreshness } from './freshness';
export type { FreshnessInput, FreshnessResult } from './freshness';
