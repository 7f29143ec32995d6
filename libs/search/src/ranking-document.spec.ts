import { countFact, MatchFact } from '@app/rankings';
import { emptyRankingDocument, RankingDocument, tallyOf, withTally } from './ranking-document';

const fact = (matchId: string, day: number, outcome: MatchFact['outcome']): MatchFact => ({
  matchId,
  revision: 1,
  outcome,
  completedAt: new Date(Date.UTC(2026, 0, day)).toISOString(),
  opponentId: 'b1',
});

/** A document as written before recent matches were tuples: the list holds whole facts. */
function legacyDocument(facts: MatchFact[]): RankingDocument {
  const base = emptyRankingDocument('a1', 'd');
  const { recent: _recent, ...rest } = base;
  return { ...rest, wins: 1, losses: 1, draws: 0, recent: facts as unknown as RankingDocument['recent'] };
}

describe('ranking document recent matches', () => {
  it('stores them as [completedAt, matchId, outcome], newest first', () => {
    let tally = tallyOf(emptyRankingDocument('a1', 'd'));
    for (const f of [fact('m1', 1, 'W'), fact('m3', 3, 'D'), fact('m2', 2, 'L')]) tally = countFact(tally, null, f);
    const { kind, athleteId, divisionId, registered, name, weightClass, country, profileRevision, pending } = emptyRankingDocument('a1', 'd');
    const doc = withTally({ kind, athleteId, divisionId, registered, name, weightClass, country, profileRevision, pending }, tally);
    expect(doc.recent).toEqual([
      ['2026-01-03T00:00:00.000Z', 'm3', 'D'],
      ['2026-01-02T00:00:00.000Z', 'm2', 'L'],
      ['2026-01-01T00:00:00.000Z', 'm1', 'W'],
    ]);
    expect(doc).toMatchObject({ wins: 1, losses: 1, draws: 1, recentForm: ['D', 'L', 'W'], lastMatchAt: '2026-01-03T00:00:00.000Z' });
  });

  it('reads a document written with whole facts in the list, and counts on from it as from tuples', () => {
    const legacy = legacyDocument([fact('m2', 2, 'L'), fact('m1', 1, 'W')]);
    const tuples = withTally(legacy, tallyOf(legacy));
    expect(tallyOf(legacy)).toEqual(tallyOf(tuples));
    // A correction of m2 to a win replaces it in the list rather than adding a second entry.
    const corrected = { ...fact('m2', 2, 'W'), revision: 2 };
    const next = withTally(legacy, countFact(tallyOf(legacy), fact('m2', 2, 'L'), corrected));
    expect(next.recent).toEqual([
      ['2026-01-02T00:00:00.000Z', 'm2', 'W'],
      ['2026-01-01T00:00:00.000Z', 'm1', 'W'],
    ]);
    expect(next).toMatchObject({ wins: 2, losses: 0, recentForm: ['W', 'W'] });
  });
});
