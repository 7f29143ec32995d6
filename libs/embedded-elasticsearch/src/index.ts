export { startEmbeddedElasticsearch } from './server';
export type { EmbeddedElasticsearch, EmbeddedElasticsearchOptions } from './server';
export { standInHeapMb, standInNodeOptions } from './heap';
