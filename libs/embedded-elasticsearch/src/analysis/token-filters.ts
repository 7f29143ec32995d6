import { illegalArgument } from '../errors';
import { Token, TokenFilter } from './token';
import { gramRange, grams } from './tokenizers';

/** Letters NFD does not decompose but Lucene's ASCIIFoldingFilter folds. */
const FOLDS: Record<string, string> = {
  ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D', ł: 'l', Ł: 'L', œ: 'oe', Œ: 'OE',
  þ: 'th', Þ: 'TH', ð: 'd', Ð: 'D', ı: 'i', ħ: 'h', Ħ: 'H', ŋ: 'n', Ŋ: 'N', ſ: 's',
};
const FOLD_RE = new RegExp(`[${Object.keys(FOLDS).join('')}]`, 'g');

export function asciiFold(term: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(term)) return term;
  return term.normalize('NFD').replace(/\p{M}/gu, '').replace(FOLD_RE, (ch) => FOLDS[ch] ?? ch);
}

/**
 * Lucene's GermanNormalizationFilter (ES `german_normalization`), the German2 snowball
 * heuristics as its three-state machine: ß -> ss; ä/ö/ü -> a/o/u; ae and oe -> a and o; ue -> u
 * unless the u follows a vowel or q. Lowercase input only, as in Lucene (it sees no 'Ä').
 */
export function germanNormalize(term: string): string {
  const N = 0; // ordinary
  const V = 1; // stops a following 'u' from entering the umlaut state
  const U = 2; // umlaut state: a following 'e' is deleted
  let state = N;
  let out = '';
  for (const c of term) {
    switch (c) {
      case 'a':
      case 'o':
        state = U;
        break;
      case 'u':
        state = state === N ? U : V;
        break;
      case 'e':
        if (state === U) {
          state = V;
          continue;
        }
        state = V;
        break;
      case 'i':
      case 'q':
      case 'y':
        state = V;
        break;
      case 'ä':
      case 'ö':
      case 'ü':
        out += c === 'ä' ? 'a' : c === 'ö' ? 'o' : 'u';
        state = V;
        continue;
      case 'ß':
        out += 'ss';
        state = N;
        continue;
      default:
        state = N;
    }
    out += c;
  }
  return out;
}

const mapTerms =
  (fn: (term: string) => string): TokenFilter =>
  (tokens) =>
    tokens.map((t) => ({ ...t, term: fn(t.term) }));

function foldFilter(preserveOriginal: boolean): TokenFilter {
  if (!preserveOriginal) return mapTerms(asciiFold);
  return (tokens) =>
    tokens.flatMap((t) => {
      const folded = asciiFold(t.term);
      return folded === t.term ? [t] : [{ ...t, term: folded }, t];
    });
}

/** Grams keep the position and offsets of their source token, as Lucene's filters do. */
function gramFilter(config: Record<string, unknown>, edgeOnly: boolean): TokenFilter {
  const [min, max] = gramRange(config, [1, edgeOnly ? 2 : 2]);
  const preserve = config.preserve_original === true || config.preserve_original === 'true';
  return (tokens) =>
    tokens.flatMap((t) => {
      const out = grams(t.term, min, max, edgeOnly).map(([s, e]) => ({ ...t, term: t.term.slice(s, e) }));
      if (preserve && !out.some((g) => g.term === t.term)) out.push(t);
      return out;
    });
}

const unique: TokenFilter = (tokens) => {
  const seen = new Set<string>();
  return tokens.filter((t) => !seen.has(t.term) && seen.add(t.term));
};

export const BUILT_IN_FILTERS: Record<string, TokenFilter> = {
  lowercase: mapTerms((t) => t.toLowerCase()),
  uppercase: mapTerms((t) => t.toUpperCase()),
  asciifolding: foldFilter(false),
  german_normalization: mapTerms(germanNormalize),
  trim: mapTerms((t) => t.trim()),
  unique,
  edge_ngram: gramFilter({}, true),
  ngram: gramFilter({}, false),
};

/** Filters usable in a normalizer: they must map one token to one token. */
export const NORMALIZER_SAFE = new Set(['lowercase', 'uppercase', 'asciifolding', 'trim', 'german_normalization']);

/** A filter declared in `analysis.filter`. */
export function buildFilter(name: string, config: Record<string, unknown>): TokenFilter {
  const type = String(config.type ?? '');
  switch (type) {
    case 'edge_ngram':
    case 'edgeNGram':
      return gramFilter(config, true);
    case 'ngram':
    case 'nGram':
      return gramFilter(config, false);
    case 'asciifolding':
      return foldFilter(config.preserve_original === true || config.preserve_original === 'true');
    case 'lowercase':
    case 'uppercase':
    case 'trim':
    case 'unique':
    case 'german_normalization':
      return BUILT_IN_FILTERS[type];
    default:
      throw illegalArgument(`failed to find filter type [${type}] for [${name}]`);
  }
}

export type { Token };
