import { Analyzer } from '../analysis/analysis-registry';
import { parsingError, unsupported } from '../errors';
import { FieldDef } from '../mapping/field-types';
import { SearchDoc } from '../store/searchable-segment';
import { CompiledQuery, Json, QueryContext, boostOf, checkParams, fieldAndParams, isObject, minimumShouldMatch, unionCandidates } from './query-types';
import { fieldDef, idf, prefixTerms, termKey } from './term-queries';

const K1 = 1.2;
const B = 0.75;
const MATCH_PARAMS = ['query', 'operator', 'minimum_should_match', 'analyzer', 'zero_terms_query', 'lenient', 'auto_generate_synonyms_phrase_query', 'fuzzy_transpositions', 'max_expansions', 'prefix_length'];
const MATCH_UNIMPLEMENTED = ['fuzziness', 'fuzzy_rewrite', 'cutoff_frequency'];

type Mode = 'terms' | 'bool_prefix' | 'phrase' | 'phrase_prefix';

interface MatchSpec {
  query: unknown;
  operator: 'or' | 'and';
  msm: unknown;
  analyzer?: string;
  boost: number;
  maxExpansions: number;
  zeroTermsAll: boolean;
}

/** One analysed term of a text field, scored with Lucene's BM25 (k1 1.2, b 0.75). */
function bm25Term(ctx: QueryContext, field: string, term: string, boost: number) {
  const postings = ctx.segment.postingsFor(field, term);
  const weight = boost * idf(ctx, field, postings.length);
  const stats = ctx.segment.fieldStats(field);
  const avgdl = stats.docCount > 0 ? stats.sumLength / stats.docCount : 1;
  return {
    postings,
    score(doc: SearchDoc): number | undefined {
      const f = doc.fields.get(field);
      const tf = f?.positions?.get(term)?.length ?? (f?.keys.includes(term) ? 1 : 0);
      if (!f || tf === 0) return undefined;
      const norm = f.positions ? K1 * (1 - B + (B * f.length) / avgdl) : K1;
      return (weight * tf) / (tf + norm);
    },
  };
}

function analyzerFor(ctx: QueryContext, def: FieldDef, override?: string): Analyzer {
  return ctx.analysis.analyzer(override ?? def.searchAnalyzer);
}

/** A match-family query on one field. Non-text fields get term semantics, as in ES. */
export function fieldMatch(ctx: QueryContext, field: string, spec: MatchSpec, mode: Mode): CompiledQuery | undefined {
  const def = fieldDef(ctx, field);
  if (!def) return undefined;
  if (!def.isText) {
    let key: string | undefined;
    try {
      key = termKey(def, spec.query, ctx);
    } catch (e) {
      if (mode !== 'terms') return undefined; // multi_match/bool_prefix over mixed fields are lenient on non-text
      throw e;
    }
    if (key === undefined) return undefined;
    const t = bm25Term(ctx, def.path, key, spec.boost);
    return { candidates: () => t.postings, estimate: t.postings.length, score: (d) => t.score(d) };
  }
  const tokens = analyzerFor(ctx, def, spec.analyzer).analyze(String(spec.query ?? ''));
  if (tokens.length === 0) return undefined;
  if (mode === 'phrase' || mode === 'phrase_prefix') return phrase(ctx, def.path, tokens.map((t) => t.term), spec, mode === 'phrase_prefix');
  const terms = [...new Set(tokens.map((t) => t.term))];
  const scorers: Array<{ postings: Iterable<number>; estimate: number; score(d: SearchDoc): number | undefined }> = terms.map((term) => {
    const t = bm25Term(ctx, def.path, term, spec.boost);
    return { postings: t.postings, estimate: t.postings.length, score: t.score };
  });
  if (mode === 'bool_prefix') {
    const last = tokens[tokens.length - 1].term;
    const p = prefixTerms(ctx, def.path, last, spec.boost, false, spec.maxExpansions);
    scorers.splice(terms.indexOf(last), 1, { postings: p.candidates() ?? [], estimate: p.estimate, score: p.score });
  }
  // One term is a TermQuery in ES, which minimum_should_match does not apply to.
  const required = spec.operator === 'and' || scorers.length === 1 ? scorers.length : Math.max(1, minimumShouldMatch(spec.msm, scorers.length));
  // Every term required, each term's postings (ascending) holds every match.
  const within = required === scorers.length && mode === 'terms' ? scorers.map((s) => s.postings as number[]) : undefined;
  return {
    ...(within ? { within } : {}),
    candidates: () =>
      required === scorers.length
        ? [...scorers].sort((a, b) => a.estimate - b.estimate)[0].postings
        : unionCandidates(scorers.map((s) => s.postings)),
    estimate: scorers.reduce((n, s) => n + s.estimate, 0),
    score(doc) {
      let total = 0;
      let matched = 0;
      for (const s of scorers) {
        const v = s.score(doc);
        if (v !== undefined) {
          total += v;
          matched++;
        }
      }
      return matched >= required ? total : undefined;
    },
  };
}

/** Consecutive positions (slop 0); with `prefix` the last term is a prefix. */
function phrase(ctx: QueryContext, field: string, terms: string[], spec: MatchSpec, prefix: boolean): CompiledQuery {
  const head = prefix ? terms.slice(0, -1) : terms;
  const last = prefix ? terms[terms.length - 1] : undefined;
  const expansions = last === undefined ? [] : [...(ctx.segment.termsOf(field)?.keys() ?? [])].filter((t) => t.startsWith(last)).sort().slice(0, spec.maxExpansions);
  const scorers = head.map((t) => bm25Term(ctx, field, t, spec.boost));
  const driver = head.length > 0 ? scorers.slice().sort((a, b) => a.postings.length - b.postings.length)[0].postings : unionCandidates(expansions.map((t) => ctx.segment.postingsFor(field, t)));
  return {
    candidates: () => driver,
    estimate: head.length > 0 ? (driver as number[]).length : Number.POSITIVE_INFINITY,
    score(doc) {
      const positions = doc.fields.get(field)?.positions;
      if (!positions) return undefined;
      const starts = head.length > 0 ? (positions.get(head[0]) ?? []) : expansions.flatMap((t) => positions.get(t) ?? []);
      const ok = starts.some((start) => {
        for (let i = 1; i < head.length; i++) if (!positions.get(head[i])?.includes(start + i)) return false;
        if (last === undefined || head.length === 0) return true;
        return expansions.some((t) => positions.get(t)?.includes(start + head.length));
      });
      if (!ok) return undefined;
      return scorers.reduce((n, s) => n + (s.score(doc) ?? 0), 0) + (last !== undefined ? spec.boost : 0);
    },
  };
}

function matchSpec(type: string, params: Json): MatchSpec {
  const operator = String(params.operator ?? 'or').toLowerCase();
  if (operator !== 'or' && operator !== 'and') throw parsingError(`[${type}] query does not support [operator] value [${operator}]`);
  const zero = String(params.zero_terms_query ?? 'none').toLowerCase();
  return {
    query: params.query,
    operator,
    msm: params.minimum_should_match,
    analyzer: params.analyzer === undefined ? undefined : String(params.analyzer),
    boost: boostOf(params),
    maxExpansions: params.max_expansions === undefined ? 50 : Number(params.max_expansions),
    zeroTermsAll: zero === 'all',
  };
}

const NOTHING: CompiledQuery = { candidates: () => [], estimate: 0, score: () => undefined };

function single(type: string, body: unknown, ctx: QueryContext, mode: Mode, allowed: string[]): CompiledQuery {
  const { field, params } = fieldAndParams(type, body, 'query');
  checkParams(type, params, allowed, MATCH_UNIMPLEMENTED);
  if (params.query === undefined) throw parsingError(`No text specified for text query`);
  const spec = matchSpec(type, params);
  return fieldMatch(ctx, field, spec, mode) ?? NOTHING;
}

export const matchQuery = (body: unknown, ctx: QueryContext) => single('match', body, ctx, 'terms', MATCH_PARAMS);
export const matchBoolPrefixQuery = (body: unknown, ctx: QueryContext) => single('match_bool_prefix', body, ctx, 'bool_prefix', ['query', 'operator', 'minimum_should_match', 'analyzer', 'max_expansions', 'prefix_length', 'fuzzy_transpositions']);
export const matchPhraseQuery = (body: unknown, ctx: QueryContext) => {
  const slop = isObject(body) && isObject(Object.values(body)[0]) ? (Object.values(body)[0] as Json).slop : undefined;
  if (slop !== undefined && Number(slop) !== 0) throw unsupported('[match_phrase] slop other than 0');
  return single('match_phrase', body, ctx, 'phrase', ['query', 'analyzer', 'slop', 'zero_terms_query']);
};
export const matchPhrasePrefixQuery = (body: unknown, ctx: QueryContext) => {
  const slop = isObject(body) && isObject(Object.values(body)[0]) ? (Object.values(body)[0] as Json).slop : undefined;
  if (slop !== undefined && Number(slop) !== 0) throw unsupported('[match_phrase_prefix] slop other than 0');
  return single('match_phrase_prefix', body, ctx, 'phrase_prefix', ['query', 'analyzer', 'slop', 'max_expansions', 'zero_terms_query']);
};

const MULTI_MODES: Record<string, Mode> = { best_fields: 'terms', most_fields: 'terms', bool_prefix: 'bool_prefix', phrase: 'phrase', phrase_prefix: 'phrase_prefix' };

/** Expands `fields` (with `^boost` and `*` wildcards) against the mapping. */
function expandFields(ctx: QueryContext, fields: unknown): Array<[string, number]> {
  const list = fields === undefined ? ['*'] : Array.isArray(fields) ? fields.map(String) : [String(fields)];
  const out: Array<[string, number]> = [];
  for (const entry of list) {
    const [name, boost] = entry.split('^');
    const b = boost === undefined ? 1 : Number(boost);
    if (name.includes('*')) {
      const re = new RegExp(`^${name.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      for (const f of ctx.mapping.allFields()) if (re.test(f.path) && (f.isText || f.type === 'keyword')) out.push([f.path, b]);
    } else out.push([name, b]);
  }
  return out;
}

export function multiMatchQuery(body: unknown, ctx: QueryContext): CompiledQuery {
  const params = body as Json;
  checkParams('multi_match', params, ['query', 'fields', 'type', 'tie_breaker', ...MATCH_PARAMS], MATCH_UNIMPLEMENTED);
  const type = String(params.type ?? 'best_fields');
  const mode = MULTI_MODES[type];
  if (!mode) throw unsupported(`[multi_match] type [${type}]`);
  if (params.slop !== undefined && Number(params.slop) !== 0) throw unsupported('[multi_match] slop other than 0');
  const spec = matchSpec('multi_match', params);
  const tie = params.tie_breaker === undefined ? 0 : Number(params.tie_breaker);
  const perField = expandFields(ctx, params.fields)
    .map(([f, b]) => fieldMatch(ctx, f, { ...spec, boost: spec.boost * b }, mode))
    .filter((q): q is CompiledQuery => q !== undefined);
  if (perField.length === 0) return NOTHING;
  const sum = type === 'most_fields' || type === 'bool_prefix';
  return {
    candidates: () => unionCandidates(perField.map((q) => q.candidates())),
    estimate: perField.reduce((n, q) => n + q.estimate, 0),
    score(doc) {
      const scores = perField.map((q) => q.score(doc)).filter((s): s is number => s !== undefined);
      if (scores.length === 0) return undefined;
      const total = scores.reduce((a, b) => a + b, 0);
      if (sum) return total;
      const best = Math.max(...scores);
      return best + tie * (total - best);
    },
  };
}
