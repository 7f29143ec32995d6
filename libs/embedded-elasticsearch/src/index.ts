export { startEmbeddedElasticsearch } from './server';
export type { EmbeddedElasticsearch, EmbeddedElasticsearchOptions } from './server';
export { standInNodeOptions } from './heap';
