/**
 * `2026-11-22T18:00:00Z`, `2026-11-22T20:00:00.5+02:00`: an ISO-8601 date-time with an
 * explicit zone (a local time would depend on the server's zone).
 */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Years 0001..9999 in UTC: what Postgres `timestamptz` stores (it has no year 0, so
 * `0000-01-01T00:00:00Z` and `0001-01-01T00:00:00+14:00` were 500s) and what
 * `Date#toISOString` writes in the events' plain four-digit form.
 */
const EARLIEST = new Date('0001-01-01T00:00:00.000Z').getTime();
const LATEST = new Date('9999-12-31T23:59:59.999Z').getTime();

/** A real calendar date and time (no 30 February, no hour 24) with a zone. */
export function isIsoDateTime(value: string): boolean {
  const parts = ISO_DATE_TIME.exec(value);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return false;
  return parts[8] === undefined || (Number(parts[8]) <= 23 && Number(parts[9]) <= 59);
}

/** An ISO date-time whose instant is storable as above (its shape is isIsoDateTime's business). */
export function isInStorableRange(value: string): boolean {
  const instant = new Date(value).getTime();
  return !Number.isFinite(instant) || (instant >= EARLIEST && instant <= LATEST);
}

export function isStorableInstant(value: string): boolean {
  return isIsoDateTime(value) && isInStorableRange(value);
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
