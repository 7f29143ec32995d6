import fc from 'fast-check';
import { emptyAthleteState } from './athlete-state';
import { matchOutcomeFor, withMatchResult } from './evolve';
import { countFact, emptyTally, MatchFact, statsFromTally, supersedes } from './match-facts';
import { rankingStats } from './ranking-entry';

/** Folds facts the way a store does: keep the stored fact per match, count only what supersedes it. */
function foldFacts(facts: MatchFact[]) {
  const stored = new Map<string, MatchFact>();
  let tally = emptyTally();
  for (const fact of facts) {
    const previous = stored.get(fact.matchId) ?? null;
    if (!supersedes(fact, previous)) continue;
    tally = countFact(tally, previous, fact);
    stored.set(fact.matchId, fact);
  }
  return statsFromTally(tally);
}

const result = fc.record({
  match: fc.integer({ min: 0, max: 40 }),
  revision: fc.integer({ min: 1, max: 3 }),
  winner: fc.constantFrom('me' as const, 'them' as const, null),
});

describe('athlete tally from match facts', () => {
  it('equals the full-history rules for any order, duplicates and corrections of results', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 120 }), (results) => {
        const facts = results.map((r) => {
          // One completedAt per match: a correction changes the outcome, not the day.
          const completedAt = new Date(Date.UTC(2026, 0, 1 + r.match)).toISOString();
          const record = { matchId: `m${String(r.match).padStart(3, '0')}`, redAthleteId: 'me', blueAthleteId: 'them', completedAt, revision: r.revision };
          const winnerId = r.winner;
          return { record: { ...record, winnerId }, fact: { matchId: record.matchId, ...matchOutcomeFor('me', { ...record, winnerId })! } };
        });
        let state = emptyAthleteState('me', 'd');
        for (const { record } of facts) state = withMatchResult(state, record);
        expect(foldFacts(facts.map((f) => f.fact))).toEqual(rankingStats(state));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a bounded number of recent matches however long the career', () => {
    let tally = emptyTally();
    for (let i = 0; i < 2000; i++) {
      const completedAt = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString();
      tally = countFact(tally, null, { matchId: `m${i}`, revision: 1, outcome: i % 2 ? 'W' : 'L', completedAt, opponentId: 'x' });
    }
    expect(tally.recent).toHaveLength(10);
    expect(JSON.stringify(tally).length).toBeLessThan(2000);
    expect(statsFromTally(tally)).toMatchObject({ wins: 1000, losses: 1000, matches: 2000, recentForm: ['W', 'L', 'W', 'L', 'W'] });
  });
});
