import type { estypes } from '@elastic/elasticsearch';

/**
 * Settings and mappings of a rankings index. A mapping change means a new physical index
 * and a reindex (`npm run ops -- reindex`), never an in-place edit.
 *
 * Name search: `name` is analysed with a standard tokenizer, lowercase, German
 * normalisation (ß -> ss, ä/ae -> a, ö/oe -> o, ü/ue -> u, so "Mueller", "Müller" and
 * "Muller" are one spelling) and asciifolding (so "João" matches "joao"); `name.prefix`
 * indexes edge n-grams of each normalised word (and the word itself, however long), so
 * every word of a query matches as a prefix without a costly prefix query.
 */
export const RANKINGS_INDEX_SETTINGS: estypes.IndicesIndexSettings = {
  number_of_shards: 1,
  analysis: {
    filter: {
      name_edge_ngram: { type: 'edge_ngram', min_gram: 1, max_gram: 30, preserve_original: true },
    },
    analyzer: {
      name_text: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'german_normalization', 'asciifolding'] },
      name_prefix: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'german_normalization', 'asciifolding', 'name_edge_ngram'] },
    },
  },
};

export const RANKINGS_INDEX_MAPPINGS: estypes.MappingTypeMapping = {
  // Fields not listed here stay in _source without being indexed. Match facts (kind
  // 'match-fact') share the index; every read filters on kind 'athlete'.
  dynamic: false,
  properties: {
    kind: { type: 'keyword' },
    athleteId: { type: 'keyword' },
    divisionId: { type: 'keyword' },
    registered: { type: 'boolean' },
    name: {
      type: 'text',
      analyzer: 'name_text',
      fields: { prefix: { type: 'text', analyzer: 'name_prefix', search_analyzer: 'name_text' } },
    },
    weightClass: { type: 'keyword' },
    country: { type: 'keyword' },
    profileRevision: { type: 'integer' },
    points: { type: 'integer' },
    wins: { type: 'integer' },
    losses: { type: 'integer' },
    draws: { type: 'integer' },
    matches: { type: 'integer' },
    recentForm: { type: 'keyword' },
    lastMatchAt: { type: 'date' },
    recent: { type: 'object', enabled: false },
    pending: { type: 'object', enabled: false },
    // A match fact's fields: read by id only, never searched (MatchFactDocument).
    fact: { type: 'object', enabled: false },
    newestOccurredAt: { type: 'long' },
    appliedAt: { type: 'long' },
  },
};
