import { compareDivisionOrder, DIVISION_ORDER, Ordered } from '@app/rankings';
import { decodeOrderScore, orderScore } from '@app/cache';
import { beforeInDivision, DIVISION_SORT, RankingDocument } from '@app/search';
import { generateRankedAthletes } from '@test/support/ranked-athletes';

/**
 * Every representation of the division order generated from DIVISION_ORDER must rank the
 * same athletes the same way: the comparator (the truth reconcile and the specs use), the
 * Redis order set (score, then member bytes) and Elasticsearch's sort and
 * "ranked before" count, evaluated here by a small evaluator of the query DSL they emit
 * (test/division-order-agreement.int-spec.ts runs the same through the real stores).
 */

type Value = string | number | boolean | null;
const field = (doc: RankingDocument, name: string): Value => (doc as unknown as Record<string, Value>)[name];

/**
 * Elasticsearch orders numbers numerically and keywords by their UTF-8 bytes; for strings
 * without astral characters (athlete ids are ASCII slugs) UTF-16 order is the same order.
 */
function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string' && !/[\uD800-\uDFFF]/.test(a + b)) return a < b ? -1 : a > b ? 1 : 0;
  throw new Error(`cannot compare ${String(a)} with ${String(b)}`);
}

type Predicate = (doc: RankingDocument) => boolean;
const RANGE: Record<string, (c: number) => boolean> = { gt: (c) => c > 0, gte: (c) => c >= 0, lt: (c) => c < 0, lte: (c) => c <= 0 };

/** A query of the DSL subset the search lib emits, compiled to a predicate; anything else throws. */
function compile(query: object): Predicate {
  const [[kind, body]] = Object.entries(query) as Array<[string, Record<string, unknown>]>;
  if (kind === 'term') {
    const [[name, value]] = Object.entries(body);
    return (doc) => field(doc, name) === value;
  }
  if (kind === 'range') {
    const [[name, bounds]] = Object.entries(body) as Array<[string, Record<string, Value>]>;
    const tests = Object.entries(bounds).map(([op, bound]) => {
      if (!RANGE[op]) throw new Error(`range operator ${op}`);
      return (doc: RankingDocument) => RANGE[op](compareValues(field(doc, name), bound));
    });
    return (doc) => tests.every((t) => t(doc));
  }
  if (kind === 'bool') {
    const { filter = [], must = [], should = [], minimum_should_match, ...rest } = body as Record<string, object[] | number>;
    if (Object.keys(rest).length > 0) throw new Error(`bool clause ${Object.keys(rest).join()}`);
    const all = [...(filter as object[]), ...(must as object[])].map(compile);
    const any = (should as object[]).map(compile);
    const required = (minimum_should_match as number | undefined) ?? (all.length === 0 && any.length > 0 ? 1 : 0);
    return (doc) => all.every((p) => p(doc)) && any.filter((p) => p(doc)).length >= required;
  }
  throw new Error(`query ${kind}`);
}

function compareBySort(a: RankingDocument, b: RankingDocument): number {
  for (const clause of DIVISION_SORT) {
    const [[name, direction]] = Object.entries(clause);
    const c = compareValues(field(a, name), field(b, name));
    if (c !== 0) return direction === 'desc' ? -c : c;
  }
  return 0;
}

const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const ranksOf = (ordered: Ordered[]) => ordered.map((d, i) => `${i + 1}:${d.athleteId}`);

const DIVISIONS = ['d1', 'd2', 'd3'];
const docs = generateRankedAthletes({ seed: 19, count: 2400, divisions: DIVISIONS });
const inDivision = (divisionId: string) => docs.filter((d) => d.divisionId === divisionId && d.registered);

/** Each representation: the division's registered athletes in its order (rank = position + 1). */
const representations: Array<[string, (divisionId: string) => Ordered[]]> = [
  ['the Redis order set (score asc, then member bytes)', (d) => inDivision(d).sort((a, b) => orderScore(a) - orderScore(b) || bytes(a.athleteId, b.athleteId))],
  ['the Elasticsearch sort', (d) => inDivision(d).sort(compareBySort)],
  [
    'the Elasticsearch "ranked before" count',
    (d) => {
      const ranked = inDivision(d).map((doc) => {
        const before = compile(beforeInDivision(doc));
        return { doc, rank: 1 + docs.filter(before).length };
      });
      return ranked.sort((a, b) => a.rank - b.rank).map(({ doc }, i) => (ranked[i].rank === i + 1 ? doc : { ...doc, athleteId: `rank ${ranked[i].rank}?` }));
    },
  ],
];

describe('division order agreement (one declaration, every store)', () => {
  const truth = (d: string) => inDivision(d).sort(compareDivisionOrder);

  it('generates athletes whose ties reach every key of the order, so a wrong key or direction shows', () => {
    for (const d of DIVISIONS) {
      const ordered = truth(d);
      expect(ordered.length).toBeGreaterThan(600);
      // For each key: neighbours equal on every earlier key and different on this one.
      DIVISION_ORDER.forEach(({ field: key }, i) => {
        const decided = ordered.slice(1).filter((b, j) => {
          const a = ordered[j];
          return DIVISION_ORDER.slice(0, i).every((k) => a[k.field] === b[k.field]) && a[key] !== b[key];
        });
        expect(decided.length).toBeGreaterThan(10);
      });
      const fullTies = ordered.slice(1).filter((b, j) => DIVISION_ORDER.every((k) => ordered[j][k.field] === b[k.field]));
      expect(fullTies.length).toBeGreaterThan(300);
    }
  });

  it.each(representations)('%s ranks every division as the comparator does', (_name, order) => {
    for (const d of DIVISIONS) expect(ranksOf(order(d))).toEqual(ranksOf(truth(d)));
  });

  it('decodes every generated order score back to its counters (the Redis page cursor)', () => {
    for (const doc of docs) {
      const { points, wins, losses } = doc;
      expect(decodeOrderScore(orderScore(doc))).toEqual({ points, wins, losses });
    }
  });
});
