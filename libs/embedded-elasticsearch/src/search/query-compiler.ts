import { EsError, parsingError, unsupported } from '../errors';
import { matchBoolPrefixQuery, matchPhrasePrefixQuery, matchPhraseQuery, matchQuery, multiMatchQuery } from './full-text-queries';
import { SearchDoc } from '../store/searchable-segment';
import { ALL, CompiledQuery, Json, QueryContext, boostOf, checkParams, intersectSorted, isObject, minimumShouldMatch, unionCandidates } from './query-types';
import { existsQuery, idsQuery, matchAll, matchNone, prefixQuery, rangeQuery, termQuery, termsQuery } from './term-queries';

type Builder = (body: unknown, ctx: QueryContext) => CompiledQuery;

const BUILDERS: Record<string, Builder> = {
  match_all: matchAll,
  match_none: matchNone,
  match: matchQuery,
  multi_match: multiMatchQuery,
  match_bool_prefix: matchBoolPrefixQuery,
  match_phrase: matchPhraseQuery,
  match_phrase_prefix: matchPhrasePrefixQuery,
  term: termQuery,
  terms: termsQuery,
  range: rangeQuery,
  prefix: prefixQuery,
  exists: existsQuery,
  ids: idsQuery,
  bool: boolQuery,
  constant_score: constantScore,
};

/** Real ES queries this stand-in does not implement: a 400 that says so, not "unknown query". */
const KNOWN_UNSUPPORTED = ['query_string', 'simple_query_string', 'fuzzy', 'wildcard', 'regexp', 'nested', 'function_score', 'script', 'script_score', 'dis_max', 'boosting', 'more_like_this', 'geo_distance', 'knn', 'has_child', 'has_parent', 'terms_set', 'combined_fields', 'span_term', 'intervals', 'distance_feature', 'pinned', 'rank_feature', 'wrapper'];

/** Compiles a query DSL object for one index. */
export function compileQuery(query: unknown, ctx: QueryContext): CompiledQuery {
  if (query === undefined) return matchAll({});
  if (!isObject(query)) throw parsingError('[_na] query malformed, must start with start_object');
  const keys = Object.keys(query);
  if (keys.length === 0) return matchAll({});
  if (keys.length > 1) throw parsingError(`[${keys[0]}] malformed query, expected [END_OBJECT] but found [FIELD_NAME]`);
  const type = keys[0];
  const builder = BUILDERS[type];
  if (!builder) {
    if (KNOWN_UNSUPPORTED.includes(type)) throw unsupported(`query [${type}]`);
    throw new EsError(400, 'parsing_exception', `unknown query [${type}]`, { line: 1, col: 1 }, {
      type: 'named_object_not_found_exception',
      reason: `[1:1] unknown field [${type}]`,
    });
  }
  return builder(query[type], ctx);
}

const clauseList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * bool, with Lucene's BooleanQuery semantics: must and should add to the score, filter and
 * must_not only restrict; without must/filter at least one should clause must match (even
 * when minimum_should_match computes 0); a minimum_should_match above the number of should
 * clauses matches nothing; a pure-negative bool matches everything else (ES adds match_all).
 * The most selective required clause drives candidate generation, but score() re-checks
 * every clause: a bool nested in another query is asked about documents its own
 * candidates never produced.
 */
function boolQuery(body: unknown, ctx: QueryContext): CompiledQuery {
  if (!isObject(body)) throw parsingError('[bool] query malformed, no start_object after query name');
  checkParams('bool', body, ['must', 'filter', 'should', 'must_not', 'minimum_should_match', 'adjust_pure_negative']);
  const must = clauseList(body.must).map((q) => compileQuery(q, ctx));
  const filter = clauseList(body.filter).map((q) => compileQuery(q, ctx));
  const should = clauseList(body.should).map((q) => compileQuery(q, ctx));
  const mustNot = clauseList(body.must_not).map((q) => compileQuery(q, ctx));
  const boost = boostOf(body);
  const required = [...must, ...filter];
  if (required.length + should.length + mustNot.length === 0) return matchAll(body.boost === undefined ? {} : { boost: body.boost });
  const pureNegative = required.length === 0 && should.length === 0 && body.adjust_pure_negative !== false;
  const specified = body.minimum_should_match === undefined || body.minimum_should_match === null ? 0 : minimumShouldMatch(body.minimum_should_match, should.length);
  // ES drops minimum_should_match when it adds match_all to a pure-negative bool.
  const msm = pureNegative ? 0 : required.length === 0 ? Math.max(1, specified) : specified;
  const driver = [...required].sort((a, b) => a.estimate - b.estimate)[0];
  const shouldDrives = !driver && msm > 0 && should.every((q) => q.estimate !== ALL);
  const scorer = (checkedFilters: CompiledQuery[], checkedMust = must) => (doc: SearchDoc) => {
    if (msm > should.length) return undefined;
    let total = 0;
    for (const q of checkedMust) {
      const s = q.score(doc);
      if (s === undefined) return undefined;
      total += s;
    }
    for (const q of checkedFilters) if (q.score(doc) === undefined) return undefined;
    for (const q of mustNot) if (q.score(doc) !== undefined) return undefined;
    let matched = 0;
    for (const q of should) {
      const s = q.score(doc);
      if (s !== undefined) {
        matched++;
        total += s;
      }
    }
    if (matched < msm) return undefined;
    return pureNegative ? boost : total * boost;
  };
  const score = scorer(filter);
  // Filters with exact postings (term clauses) are intersected up front, with the lists a
  // required match's terms must all be in, instead of asking every clause about every
  // candidate, unless another required clause is more selective still.
  const exactFilters = filter.filter((q) => q.exact !== undefined);
  const lists = [...exactFilters.map((q) => q.exact as readonly number[]), ...must.flatMap((q) => q.within ?? [])];
  const narrowest = Math.min(...lists.map((l) => l.length));
  if (exactFilters.length > 0 && driver && driver.estimate >= narrowest) {
    return {
      candidates: () => intersectSorted(lists),
      estimate: narrowest,
      score,
      // A must clause whose every term list was intersected matches every candidate: with
      // no score shown it is not asked again.
      scoreCandidate: scorer(
        filter.filter((q) => q.exact === undefined),
        ctx.scoresUnused ? must.filter((q) => q.within === undefined) : must,
      ),
    };
  }
  return {
    candidates: () => (driver ? driver.candidates() : shouldDrives ? unionCandidates(should.map((q) => q.candidates())) : undefined),
    estimate: driver ? driver.estimate : shouldDrives ? should.reduce((n, q) => n + q.estimate, 0) : ALL,
    score,
  };
}

function constantScore(body: unknown, ctx: QueryContext): CompiledQuery {
  if (!isObject(body)) throw parsingError('[constant_score] query malformed');
  checkParams('constant_score', body, ['filter']);
  if (body.filter === undefined) throw parsingError('[constant_score] requires a \'filter\' element');
  const inner = compileQuery(body.filter, ctx);
  const boost = boostOf(body as Json);
  return { candidates: () => inner.candidates(), estimate: inner.estimate, score: (d) => (inner.score(d) === undefined ? undefined : boost) };
}
