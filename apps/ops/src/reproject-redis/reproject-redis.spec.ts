import { CacheWriteConflictError } from '@app/cache';
import { emptyAthleteState } from '@app/rankings';
import { writeSplittingOnConflict } from './reproject-redis';

const states = ['a', 'b', 'c', 'd'].map((id) => emptyAthleteState(id, 'd1'));

describe('writeSplittingOnConflict', () => {
  it('halves a batch that keeps conflicting until every athlete is written once', async () => {
    const written: string[][] = [];
    await writeSplittingOnConflict(states, async (part) => {
      if (part.some((s) => s.athleteId === 'b') && part.length > 1) throw new CacheWriteConflictError('b changed');
      written.push(part.map((s) => s.athleteId));
    });
    expect(written).toEqual([['a'], ['b'], ['c', 'd']]);
  });

  it('does not hide other failures', async () => {
    await expect(writeSplittingOnConflict(states, () => Promise.reject(new Error('redis down')))).rejects.toThrow('redis down');
  });
});
