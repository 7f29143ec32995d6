import { RANKINGS_PAGE_DEFAULT } from '@app/cache';
import type { RankingsQuery, ReadOptions } from '../read-api/read-answers';

/**
 * The read lane's parameter checks: each accepts a strict SUBSET of what the DTOs'
 * class-validator rules accept and returns the same values their transform would, or null
 * ("not sure"): the request then goes through Nest's ValidationPipe, which answers every
 * error. So a lane answer is always the answer Nest would give, and error messages exist once.
 */
export type Query = Record<string, unknown>;

const UUID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/i;
const SLUG = /^[a-z0-9-]{1,64}$/;
const DIGITS = /^\d{1,6}$/;

/** An absent value is `fallback`; a present one must be plain decimal digits within bounds. */
function intIn(value: unknown, min: number, max: number, fallback: number | undefined): number | undefined | null {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !DIGITS.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

/** An absent value, or a string of at most `max` UTF-16 units (`nonEmpty`: at least one). */
function textUpTo(value: unknown, max: number, nonEmpty = false): string | undefined | null {
  if (value === undefined) return undefined;
  return typeof value === 'string' && value.length <= max && (!nonEmpty || value.length > 0) ? value : null;
}

/** ReadOptionsDto: `waitFor` a UUID, `waitMs` 0..10000. */
export function readOptions(query: Query): ReadOptions | null {
  const { waitFor, waitMs } = query;
  if (waitFor !== undefined && (typeof waitFor !== 'string' || !UUID.test(waitFor))) return null;
  const ms = intIn(waitMs, 0, 10_000, undefined);
  if (ms === null) return null;
  return { waitFor: waitFor as string | undefined, waitMs: ms };
}

/** LeaderboardQueryDto: `top` 1..100, default 10. */
export function leaderboardQuery(query: Query): (ReadOptions & { top: number }) | null {
  const options = readOptions(query);
  const top = intIn(query.top, 1, 100, 10);
  return options && typeof top === 'number' ? { ...options, top } : null;
}

/** RankingsQueryDto: `divisionId` a slug, `weightClass` 1..40 chars, `q` ≤ 200, `size` 1..100 (RANKINGS_PAGE_DEFAULT), `cursor` ≤ 2000. */
export function rankingsQuery(query: Query): RankingsQuery | null {
  const options = readOptions(query);
  const { divisionId } = query;
  const size = intIn(query.size, 1, 100, RANKINGS_PAGE_DEFAULT);
  const weightClass = textUpTo(query.weightClass, 40, true);
  const q = textUpTo(query.q, 200);
  const cursor = textUpTo(query.cursor, 2000);
  if (!options || typeof divisionId !== 'string' || !SLUG.test(divisionId) || typeof size !== 'number') return null;
  if (weightClass === null || q === null || cursor === null) return null;
  return { ...options, divisionId, size, weightClass, q, cursor };
}
