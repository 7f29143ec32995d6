import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { LeaderboardQueryDto, RankingsQueryDto } from '../read-api/rankings.dto';
import { ReadOptionsDto } from '../read-api/read-options.dto';
import { leaderboardQuery, Query, rankingsQuery, readOptions } from './well-formed';

/** The controllers' own pipe: what Nest would make of the same query string. */
const pipe = new ValidationPipe({ transform: true, whitelist: true });
async function nest(metatype: new () => object, query: Query): Promise<Record<string, unknown> | 'rejected'> {
  try {
    return { ...((await pipe.transform({ ...query }, { type: 'query', metatype })) as Record<string, unknown>) };
  } catch (error) {
    if (error instanceof BadRequestException) return 'rejected';
    throw error;
  }
}

const id = '00000000-0000-4000-8000-000000000001';
const values = ['', '0', '1', '10', '020', '100', '101', '10000', '10001', '1e1', '+5', '5.0', ' 5', 'ten', id, 'abc', ['1', '2']];
const withoutUndefined = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

describe('read lane parameter checks (a subset of the DTO rules, with the same values)', () => {
  it.each([
    ['ReadOptionsDto', ReadOptionsDto, readOptions, ['waitFor', 'waitMs']],
    ['LeaderboardQueryDto', LeaderboardQueryDto, leaderboardQuery, ['top', 'waitFor', 'waitMs']],
  ] as const)('%s: whatever the lane accepts, Nest accepts with the same values', async (_, dto, lane, keys) => {
    for (const key of keys) {
      for (const value of values) {
        const query: Query = { [key]: value, other: 'ignored' };
        const accepted = lane(query);
        if (accepted === null) continue;
        expect({ query, nest: await nest(dto, query) }).toEqual({ query, nest: withoutUndefined(accepted) });
      }
    }
  });

  it('RankingsQueryDto: whatever the lane accepts, Nest accepts with the same values', async () => {
    const queries: Query[] = [
      { divisionId: 'd-1' },
      { divisionId: 'D' },
      { divisionId: 'd', size: '100', cursor: 'abc' },
      { divisionId: 'd', size: '0' },
      { divisionId: 'd', q: '', weightClass: 'lightweight' },
      { divisionId: 'd', weightClass: '' },
      { divisionId: 'd', q: 'x'.repeat(201) },
      { divisionId: 'd', waitFor: id, waitMs: '0' },
      { divisionId: ['d', 'e'] },
    ];
    let accepted = 0;
    for (const query of queries) {
      const lane = rankingsQuery(query);
      if (lane === null) continue;
      accepted++;
      expect({ query, nest: await nest(RankingsQueryDto, query) }).toEqual({ query, nest: withoutUndefined(lane) });
    }
    expect(accepted).toBe(4);
  });

  it('leaves to Nest what it rejects, so every 400 is Nest’s', () => {
    expect(leaderboardQuery({ top: '101' })).toBeNull();
    expect(leaderboardQuery({ top: '0' })).toBeNull();
    expect(readOptions({ waitFor: 'abc' })).toBeNull();
    expect(readOptions({ waitMs: '10001' })).toBeNull();
    expect(rankingsQuery({})).toBeNull();
  });
});
