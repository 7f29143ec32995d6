import { unsupported } from '../errors';

/**
 * Dates as ES stores them: epoch milliseconds (UTC). Accepts the default
 * `strict_date_optional_time||epoch_millis`; an ISO date without an offset is UTC, as
 * in ES (Date.parse would read it as local time).
 */
const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

export function parseIsoDate(text: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const ms = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const date = new Date(t);
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) || Number(h) > 23) return undefined;
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
  }
  return t;
}

/** The date formats this stand-in understands; others fail the mapping with a clear 400. */
const KNOWN_FORMATS = new Set([
  'strict_date_optional_time',
  'date_optional_time',
  'strict_date_optional_time_nanos',
  'epoch_millis',
  'epoch_second',
  'strict_date',
  'date',
  'yyyy-MM-dd',
  'strict_date_time',
  'date_time',
]);

export function validateDateFormat(format: string): void {
  for (const f of format.split('||')) if (!KNOWN_FORMATS.has(f)) throw unsupported(`date format [${f}]`);
}

export function parseDate(value: unknown, format = 'strict_date_optional_time||epoch_millis'): number | undefined {
  const formats = format.split('||');
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    return formats.includes('epoch_second') && !formats.includes('epoch_millis') ? value * 1000 : Math.trunc(value);
  }
  if (typeof value !== 'string') return undefined;
  const iso = formats.some((f) => !f.startsWith('epoch_')) ? parseIsoDate(value) : undefined;
  if (iso !== undefined) return iso;
  if (/^-?\d+$/.test(value.trim())) {
    if (formats.includes('epoch_millis')) return Number(value);
    if (formats.includes('epoch_second')) return Number(value) * 1000;
  }
  return undefined;
}

/** `now`, `now-1d`, `now+2h` and ISO/epoch values, for range queries. Rounding (`/d`) is not supported. */
export function parseDateMath(value: unknown, format?: string, now = Date.now()): number | undefined {
  if (typeof value === 'string' && value.startsWith('now')) {
    const units: Record<string, number> = { s: 1e3, m: 6e4, h: 36e5, H: 36e5, d: 864e5, w: 6048e5 };
    let t = now;
    const rest = value.slice(3);
    if (rest.includes('/')) throw unsupported(`date math rounding in [${value}]`);
    for (const m of rest.matchAll(/([+-])(\d+)([smhHdw])/g)) t += (m[1] === '-' ? -1 : 1) * Number(m[2]) * units[m[3]];
    if (rest.replace(/([+-])(\d+)([smhHdw])/g, '') !== '') throw unsupported(`date math [${value}]`);
    return t;
  }
  return parseDate(value, format);
}

export const formatDate = (ms: number): string => new Date(ms).toISOString();
