import { illegalArgument, unsupported } from '../errors';
import { Token, TokenFilter, Tokenizer } from './token';
import { BUILT_IN_FILTERS, NORMALIZER_SAFE, buildFilter } from './token-filters';
import { BUILT_IN_TOKENIZERS, buildTokenizer } from './tokenizers';

export interface Analyzer {
  analyze(text: string): Token[];
}

type Section = Record<string, Record<string, unknown>>;

export interface AnalysisSettings {
  analyzer?: Section;
  tokenizer?: Section;
  filter?: Section;
  normalizer?: Section;
  char_filter?: Section;
}

function chain(tokenizer: Tokenizer, filters: TokenFilter[]): Analyzer {
  return {
    analyze(text) {
      let tokens = tokenizer(text);
      for (const f of filters) tokens = f(tokens);
      return tokens.filter((t) => t.term !== '');
    },
  };
}

const lower = BUILT_IN_FILTERS.lowercase;
const BUILT_IN_ANALYZERS: Record<string, Analyzer> = {
  standard: chain(BUILT_IN_TOKENIZERS.standard, [lower]),
  default: chain(BUILT_IN_TOKENIZERS.standard, [lower]),
  simple: chain(BUILT_IN_TOKENIZERS.letter, [lower]),
  whitespace: chain(BUILT_IN_TOKENIZERS.whitespace, []),
  keyword: chain(BUILT_IN_TOKENIZERS.keyword, []),
};

const asList = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/**
 * The analyzers, tokenizers, filters and normalizers of one index, built from its
 * `analysis` settings when the index is created, so a bad definition fails the create
 * (as in ES) instead of the first document.
 */
export class AnalysisRegistry {
  private readonly tokenizers = new Map<string, Tokenizer>(Object.entries(BUILT_IN_TOKENIZERS));
  private readonly filters = new Map<string, TokenFilter>(Object.entries(BUILT_IN_FILTERS));
  private readonly analyzers = new Map<string, Analyzer>(Object.entries(BUILT_IN_ANALYZERS));
  private readonly declaredTypes = new Map<string, string>();
  private readonly normalizers = new Map<string, Analyzer>([['lowercase', chain(BUILT_IN_TOKENIZERS.keyword, [lower])]]);

  constructor(settings: AnalysisSettings = {}) {
    if (settings.char_filter && Object.keys(settings.char_filter).length > 0) throw unsupported('analysis.char_filter');
    for (const [name, cfg] of Object.entries(settings.tokenizer ?? {})) this.tokenizers.set(name, buildTokenizer(name, cfg));
    for (const [name, cfg] of Object.entries(settings.filter ?? {})) {
      this.filters.set(name, buildFilter(name, cfg));
      this.declaredTypes.set(name, String(cfg.type));
    }
    for (const [name, cfg] of Object.entries(settings.analyzer ?? {})) this.analyzers.set(name, this.buildAnalyzer(name, cfg));
    for (const [name, cfg] of Object.entries(settings.normalizer ?? {})) this.normalizers.set(name, this.buildNormalizer(name, cfg));
  }

  analyzer(name: string): Analyzer {
    const found = this.analyzers.get(name);
    if (!found) throw illegalArgument(`failed to find analyzer [${name}]`);
    return found;
  }

  hasAnalyzer(name: string): boolean {
    return this.analyzers.has(name);
  }

  normalizer(name: string): Analyzer {
    const found = this.normalizers.get(name);
    if (!found) throw illegalArgument(`normalizer [${name}] not found for field`);
    return found;
  }

  /** An ad-hoc chain for `_analyze` with a tokenizer and filters named in the request. */
  adHoc(tokenizer: string, filters: string[]): Analyzer {
    return chain(this.tokenizerNamed(tokenizer, '_anonymous_'), filters.map((f) => this.filterNamed(f, '_anonymous_')));
  }

  private tokenizerNamed(name: string, analyzer: string): Tokenizer {
    const t = this.tokenizers.get(name);
    if (!t) throw illegalArgument(`Custom Analyzer [${analyzer}] failed to find tokenizer under name [${name}]`);
    return t;
  }

  private filterNamed(name: string, analyzer: string): TokenFilter {
    const f = this.filters.get(name);
    if (!f) throw illegalArgument(`Custom Analyzer [${analyzer}] failed to find filter under name [${name}]`);
    return f;
  }

  private buildAnalyzer(name: string, cfg: Record<string, unknown>): Analyzer {
    const type = String(cfg.type ?? 'custom');
    if (type !== 'custom') {
      const builtIn = BUILT_IN_ANALYZERS[type];
      if (!builtIn) throw illegalArgument(`Unknown analyzer type [${type}] for [${name}]`);
      return builtIn;
    }
    if (asList(cfg.char_filter).length > 0) throw unsupported(`char_filter in analyzer [${name}]`);
    if (cfg.tokenizer === undefined) throw illegalArgument(`analyzer [${name}] must specify either an analyzer type, or a tokenizer`);
    const tokenizer = this.tokenizerNamed(String(cfg.tokenizer), name);
    return chain(tokenizer, asList(cfg.filter).map((f) => this.filterNamed(f, name)));
  }

  private buildNormalizer(name: string, cfg: Record<string, unknown>): Analyzer {
    const filters = asList(cfg.filter).map((f) => {
      const type = String(cfg.type ?? 'custom');
      if (type !== 'custom') throw illegalArgument(`Unknown normalizer type [${type}] for [${name}]`);
      const declared = this.filters.get(f);
      if (!declared) throw illegalArgument(`Custom normalizer [${name}] failed to find filter under name [${f}]`);
      if (!NORMALIZER_SAFE.has(f) && !this.isDeclaredSafe(f)) {
        throw illegalArgument(`Custom normalizer [${name}] may not use filter [${f}]`);
      }
      return declared;
    });
    return chain(BUILT_IN_TOKENIZERS.keyword, filters);
  }

  private isDeclaredSafe(name: string): boolean {
    return NORMALIZER_SAFE.has(this.declaredTypes.get(name) ?? '');
  }
}
