import { ConformanceContext, ids } from './conformance-support';

/** The name-search setup real deployments use: folding, edge n-grams at index time only, normalised keywords. */
const NAME_SEARCH_SETTINGS = {
  analysis: {
    filter: { name_edge: { type: 'edge_ngram', min_gram: 2, max_gram: 10 } },
    tokenizer: { edge_tok: { type: 'edge_ngram', min_gram: 1, max_gram: 3, token_chars: ['letter', 'digit'] } },
    analyzer: {
      name_index: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding', 'name_edge'] },
      name_search: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding'] },
      edge_only: { type: 'custom', tokenizer: 'edge_tok', filter: ['lowercase'] },
    },
    normalizer: { folded: { type: 'custom', filter: ['lowercase', 'asciifolding'] } },
  },
};

describe('analysis (conformance)', () => {
  const ctx = new ConformanceContext();
  const es = ctx.client;
  let index: string;
  afterAll(() => ctx.cleanup());

  beforeAll(async () => {
    index = await ctx.index({
      settings: NAME_SEARCH_SETTINGS,
      mappings: {
        properties: {
          name: { type: 'text', analyzer: 'name_index', search_analyzer: 'name_search', fields: { raw: { type: 'keyword', normalizer: 'folded' } } },
          code: { type: 'text', analyzer: 'edge_only' },
        },
      },
    });
    await es.bulk({
      index,
      refresh: true,
      operations: [
        { index: { _id: '1' } }, { name: 'José Aldo', code: 'BRA77' },
        { index: { _id: '2' } }, { name: "Conor O'Neil", code: 'IRL12' },
        { index: { _id: '3' } }, { name: 'Zoë Ångström', code: 'SWE01' },
      ],
    });
  });

  it('finds names by prefix typed without accents (edge n-grams + asciifolding)', async () => {
    expect(ids(await es.search({ index, query: { match: { name: 'jos' } } }))).toEqual(['1']);
    expect(ids(await es.search({ index, query: { match: { name: 'ANGS' } } }))).toEqual(['3']);
    expect(ids(await es.search({ index, query: { match: { name: { query: 'zoe ang', operator: 'and' } } } }))).toEqual(['3']);
  });

  it('applies the search analyzer, not the index one, to the query', async () => {
    // With the index analyzer "xjose" would become grams including "xj"; the search analyzer keeps one token.
    expect(ids(await es.search({ index, query: { match: { name: 'xjose' } } }))).toEqual([]);
  });

  it('keeps O\'Neil as one standard token', async () => {
    expect(ids(await es.search({ index, query: { match: { name: "o'neil" } } }))).toEqual(['2']);
  });

  it('matches keyword fields through their normalizer', async () => {
    expect(ids(await es.search({ index, query: { term: { 'name.raw': 'JOSE ALDO' } } }))).toEqual(['1']);
    const sorted = await es.search({ index, sort: [{ 'name.raw': 'asc' }] });
    expect(sorted.hits.hits.map((h) => h.sort?.[0])).toEqual(['conor o\'neil', 'jose aldo', 'zoe angstrom']);
  });

  it('tokenizes with an edge_ngram tokenizer restricted to letters and digits', async () => {
    const res = await es.indices.analyze({ index, analyzer: 'edge_only', text: 'BRA77' });
    expect(res.tokens?.map((t) => t.token)).toEqual(['b', 'br', 'bra']);
    expect(ids(await es.search({ index, query: { match: { code: 'ir' } } }))).toEqual(['2']);
  });

  it('analyzes with the standard analyzer through _analyze', async () => {
    const res = await es.indices.analyze({ analyzer: 'standard', text: 'Renée Dupont-Smith' });
    expect(res.tokens?.map((t) => [t.token, t.start_offset, t.end_offset, t.position])).toEqual([
      ['renée', 0, 5, 0], ['dupont', 6, 12, 1], ['smith', 13, 18, 2],
    ]);
  });

  it('normalises German spellings with german_normalization (Lucene German2 heuristics)', async () => {
    const res = await es.indices.analyze({ tokenizer: 'standard', filter: ['lowercase', 'german_normalization'], text: 'Müller Mueller Straße Quelle Bauer Manuel Äpfel Goethe' });
    expect(res.tokens?.map((t) => t.token)).toEqual(['muller', 'muller', 'strasse', 'quelle', 'bauer', 'manul', 'apfel', 'gothe']);
  });

  it('refuses an analyzer that names an unknown filter', async () => {
    const bad = ctx.name();
    await expect(
      es.indices.create({ index: bad, settings: { analysis: { analyzer: { a: { type: 'custom', tokenizer: 'standard', filter: ['no_such_filter'] } } } } }),
    ).rejects.toMatchObject({ meta: { statusCode: 400 } });
  });
});
