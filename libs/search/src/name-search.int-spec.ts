import { AthleteState, projectAthletes } from '@app/rankings';
import { createEventFactory } from '@test/support/event-factory';
import { uniqueName } from '@test/support';
import { ensureRankingsIndex } from './indices';
import { mergeIntoIndices } from './merge-documents';
import { createSearchClient } from './search-client';
import { searchRankings } from './search-rankings';

const client = createSearchClient({ url: process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200', requestTimeoutMs: 5000 });
afterAll(() => client.close());

const NAMES: Record<string, string> = {
  a1: 'João Conceição',
  a2: 'Thomas Müller',
  a3: 'Anna Mueller',
  a4: 'Jürgen Groß',
  a5: 'Maria da Silva',
  a6: 'Lena Schröder',
  a7: 'Lena Schroeder',
  a8: 'Zoë Öztürk',
  a9: 'Ana Muller-Lima',
};

/**
 * The truth, computed without Elasticsearch: German spellings folded naively (ä/ae -> a,
 * ö/oe -> o, ü/ue -> u, ß -> ss), then accents stripped; a query word matches when it starts
 * some word of the name. Every word of the query must match.
 */
const fold = (text: string): string =>
  text
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ä|ae/g, 'a')
    .replace(/ö|oe/g, 'o')
    .replace(/ü|ue/g, 'u')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
const words = (text: string): string[] => fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
const expected = (q: string): string[] =>
  Object.keys(NAMES)
    .filter((id) => words(q).every((w) => words(NAMES[id]).some((n) => n.startsWith(w))))
    .sort();

describe('name search (q)', () => {
  const alias = uniqueName('names');
  const f = createEventFactory({ seed: '7a' });

  beforeAll(async () => {
    const [index] = await ensureRankingsIndex(client, alias);
    const events = Object.entries(NAMES).map(([id, name]) => f.athleteRegistered('d', id, name));
    const states: AthleteState[] = [...projectAthletes(events).values()];
    await mergeIntoIndices(client, [index], { states, refresh: true });
  });

  const found = async (q: string) => (await searchRankings(client, alias, { divisionId: 'd', q, size: 50 })).items.map((i) => i.athleteId).sort();

  it('matches every word of q as a prefix, not only the last', async () => {
    expect(await found('j conceicao')).toEqual(['a1']);
    expect(await found('conc jo')).toEqual(['a1']);
    expect(await found('ma da sil')).toEqual(['a5']);
    for (const q of ['j conceicao', 'conc jo', 'ma da sil', 'le sch', 'an mu', 'tho mül', 'x', 'lena', 'mu li']) {
      expect({ q, ids: await found(q) }).toEqual({ q, ids: expected(q) });
    }
  });

  it('finds German names whichever way the umlaut or ß is spelled', async () => {
    expect(await found('Mueller')).toEqual(['a2', 'a3', 'a9']);
    expect(await found('Müller')).toEqual(['a2', 'a3', 'a9']);
    expect(await found('Schroeder')).toEqual(['a6', 'a7']);
    expect(await found('gross')).toEqual(['a4']);
    for (const q of ['Mueller', 'Müller', 'muller', 'mue', 'Schroeder', 'schrö', 'groß', 'gross', 'juergen', 'jürg', 'oeztuerk', 'öz', 'zoe']) {
      expect({ q, ids: await found(q) }).toEqual({ q, ids: expected(q) });
    }
  });
});
