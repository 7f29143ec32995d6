import { illegalArgument } from '../errors';
import { Token, Tokenizer } from './token';

/**
 * Tokenizers by type. The standard tokenizer follows Unicode word boundaries (UAX #29),
 * which Intl.Segmenter implements, so "O'Neil" and "3.5" stay one token as in Lucene.
 */
const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
const MAX_TOKEN_LENGTH = 255;

/** Latin letters and digits separated by spaces: UAX #29 gives the space-separated runs, so skip the segmenter. */
const SIMPLE_LATIN = /^[A-Za-z0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F ]*$/;

function standard(text: string): Token[] {
  if (SIMPLE_LATIN.test(text)) return splitRuns(text, (ch) => ch !== ' ', '<ALPHANUM>').map((t) => (/^[0-9]+$/.test(t.term) ? { ...t, type: '<NUM>' } : t));
  const tokens: Token[] = [];
  for (const seg of segmenter.segment(text)) {
    if (!seg.isWordLike) continue;
    const term = seg.segment.slice(0, MAX_TOKEN_LENGTH);
    const type = /^\p{Nd}+$/u.test(term) ? '<NUM>' : '<ALPHANUM>';
    tokens.push({ term, start: seg.index, end: seg.index + seg.segment.length, position: tokens.length, type });
  }
  return tokens;
}

/** Splits on characters that fail `keep`, yielding runs of kept characters. */
function splitRuns(text: string, keep: (ch: string) => boolean, type = 'word'): Token[] {
  const tokens: Token[] = [];
  let start = -1;
  const chars = Array.from(text);
  let offset = 0;
  for (let i = 0; i <= chars.length; i++) {
    const ch = chars[i];
    const kept = ch !== undefined && keep(ch);
    if (kept && start < 0) start = offset;
    if (!kept && start >= 0) {
      tokens.push({ term: text.slice(start, offset), start, end: offset, position: tokens.length, type });
      start = -1;
    }
    offset += ch?.length ?? 0;
  }
  return tokens;
}

const CHAR_CLASSES: Record<string, RegExp> = {
  letter: /\p{L}/u,
  digit: /\p{Nd}/u,
  whitespace: /\s/u,
  punctuation: /\p{P}/u,
  symbol: /\p{S}/u,
};

/** token_chars for (edge_)ngram tokenizers: empty means every character is kept. */
function charClassTester(config: Record<string, unknown>): (ch: string) => boolean {
  const classes = (config.token_chars as string[] | undefined) ?? [];
  if (classes.length === 0) return () => true;
  const custom = String(config.custom_token_chars ?? '');
  const tests = classes.map((c) => {
    if (c === 'custom') return (ch: string) => custom.includes(ch);
    const re = CHAR_CLASSES[c];
    if (!re) throw illegalArgument(`Unknown token type: '${c}', must be one of [${Object.keys(CHAR_CLASSES).join(', ')}, custom]`);
    return (ch: string) => re.test(ch);
  });
  return (ch) => tests.some((t) => t(ch));
}

export function gramRange(config: Record<string, unknown>, defaults: [number, number]): [number, number] {
  const min = Number(config.min_gram ?? defaults[0]);
  const max = Number(config.max_gram ?? defaults[1]);
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) {
    throw illegalArgument(`invalid gram sizes: min_gram [${config.min_gram}] and max_gram [${config.max_gram}]`);
  }
  return [min, max];
}

/** Grams of one word: edge grams start at 0; full n-grams start anywhere. */
export function grams(word: string, min: number, max: number, edgeOnly: boolean): Array<[number, number]> {
  const chars = Array.from(word);
  const out: Array<[number, number]> = [];
  const starts = edgeOnly ? 1 : chars.length;
  for (let s = 0; s < starts; s++) {
    for (let len = min; len <= max && s + len <= chars.length; len++) out.push([s, s + len]);
  }
  return out.map(([s, e]) => [chars.slice(0, s).join('').length, chars.slice(0, e).join('').length]);
}

function ngramTokenizer(config: Record<string, unknown>, edgeOnly: boolean): Tokenizer {
  const [min, max] = gramRange(config, edgeOnly ? [1, 2] : [1, 2]);
  const keep = charClassTester(config);
  return (text) => {
    const tokens: Token[] = [];
    for (const run of splitRuns(text, keep)) {
      for (const [s, e] of grams(run.term, min, max, edgeOnly)) {
        const term = run.term.slice(s, e);
        tokens.push({ term, start: run.start + s, end: run.start + e, position: tokens.length, type: 'word' });
      }
    }
    return tokens;
  };
}

const whitespace: Tokenizer = (text) => splitRuns(text, (ch) => !/\s/u.test(ch));
const letter: Tokenizer = (text) => splitRuns(text, (ch) => /\p{L}/u.test(ch));
const keyword: Tokenizer = (text) => (text === '' ? [] : [{ term: text, start: 0, end: text.length, position: 0, type: 'word' }]);
const lowercase: Tokenizer = (text) => letter(text).map((t) => ({ ...t, term: t.term.toLowerCase() }));

export const BUILT_IN_TOKENIZERS: Record<string, Tokenizer> = {
  standard,
  whitespace,
  letter,
  keyword,
  lowercase,
  edge_ngram: ngramTokenizer({}, true),
  ngram: ngramTokenizer({}, false),
};

/** A tokenizer declared in `analysis.tokenizer`. */
export function buildTokenizer(name: string, config: Record<string, unknown>): Tokenizer {
  const type = String(config.type ?? '');
  switch (type) {
    case 'edge_ngram':
    case 'edgeNGram':
      return ngramTokenizer(config, true);
    case 'ngram':
    case 'nGram':
      return ngramTokenizer(config, false);
    case 'standard':
    case 'whitespace':
    case 'letter':
    case 'keyword':
    case 'lowercase':
      return BUILT_IN_TOKENIZERS[type];
    default:
      throw illegalArgument(`failed to find tokenizer type [${type}] for [${name}]`);
  }
}
