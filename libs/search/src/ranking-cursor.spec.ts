import { decodeCursor, encodeCursor, placeOf, sortValuesOf } from './ranking-cursor';
import { DIVISION_SORT } from './division-order-query';

describe('ranking cursor values', () => {
  const athlete = { athleteId: 'ana-silva', points: 9, wins: 3, losses: 1 };

  it('carries one value per DIVISION_SORT field, in its order', () => {
    const fields = DIVISION_SORT.map((sort) => Object.keys(sort)[0] as keyof typeof athlete);
    expect(sortValuesOf(athlete)).toEqual(fields.map((field) => athlete[field]));
  });

  it('gives back the athlete a cursor was made for', () => {
    const cursor = decodeCursor(encodeCursor({ after: sortValuesOf(athlete), served: 20 }));
    expect(placeOf(cursor)).toEqual(athlete);
  });
});
