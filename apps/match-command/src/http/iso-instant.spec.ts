import { isStorableInstant } from './iso-instant';

describe('isStorableInstant', () => {
  it.each([
    '2026-11-22T18:00:00Z',
    '2026-11-22T20:00:00.123+02:00',
    '2024-02-29T00:00:00Z',
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
  ])('accepts %s', (value) => expect(isStorableInstant(value)).toBe(true));

  it.each([
    ['a local time', '2026-11-22T18:00:00'],
    ['30 February', '2026-02-30T18:00:00Z'],
    ['29 February of a common year', '2026-02-29T18:00:00Z'],
    ['hour 24', '2026-11-22T24:00:00Z'],
    ['year 0, which Postgres cannot store', '0000-01-01T00:00:00Z'],
    ['an instant in year 0 once in UTC', '0001-01-01T00:00:00+14:00'],
    ['an instant after 9999 once in UTC', '9999-12-31T23:00:00-02:00'],
    ['a lower-case zone', '2026-11-22t18:00:00z'],
    ['a date alone', '2026-11-22'],
    ['an offset out of range', '2026-11-22T18:00:00+25:00'],
  ])('refuses %s (%s)', (_, value) => expect(isStorableInstant(value)).toBe(false));
});
