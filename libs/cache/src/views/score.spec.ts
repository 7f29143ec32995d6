import { compareDivisionOrder } from '@app/rankings';
import { decodeOrderScore, orderScore, SCORE_BITS } from './score';

describe('order score (ascending score = division order)', () => {
  const records = [
    { points: 0, wins: 0, losses: 0 },
    { points: 7, wins: 2, losses: 0 },
    { points: 7, wins: 2, losses: 1 },
    { points: 7, wins: 1, losses: 0 },
    { points: 9, wins: 3, losses: 40 },
    { points: 30000, wins: 10000, losses: 9000 },
  ];

  it('sorts records as the division order does, before the athlete id breaks ties', () => {
    // given
    const withIds = records.map((r, i) => ({ ...r, athleteId: `a${i}` }));
    // when
    const byScore = [...withIds].sort((a, b) => orderScore(a) - orderScore(b) || (a.athleteId < b.athleteId ? -1 : 1));
    // then
    expect(byScore).toEqual([...withIds].sort(compareDivisionOrder));
  });

  it('decodes back to the record it encodes (the cursor of a page served from Redis)', () => {
    for (const r of records) expect(decodeOrderScore(orderScore(r))).toEqual(r);
  });

  it('stays an exact integer below 2^53 at the maxima', () => {
    const top = orderScore({ points: 0, wins: 0, losses: 10 ** 9 });
    expect(Number.isSafeInteger(top)).toBe(true);
  });

  it('clamps counters outside the documented bounds (0..2^bits-1) to the nearest bound', () => {
    const max = { points: 2 ** SCORE_BITS.points - 1, wins: 2 ** SCORE_BITS.wins - 1, losses: 2 ** SCORE_BITS.losses - 1 };
    expect(orderScore({ points: max.points + 5, wins: 10 ** 9, losses: max.losses + 1 })).toBe(orderScore(max));
    expect(orderScore({ points: -3, wins: -1, losses: -7 })).toBe(orderScore({ points: 0, wins: 0, losses: 0 }));
    expect(decodeOrderScore(orderScore(max))).toEqual(max);
  });
});
