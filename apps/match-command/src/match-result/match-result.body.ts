import type { MatchMethod } from '@app/contracts';
import type { ResultValues } from '../domain/match-result';
import { isoInstant, matchMethod, nullable, objectBody, slug } from '../http/body-schema';

/** The body of both POST (record) and PUT (correct) /matches/:id/result. */
export const matchResultBody = objectBody(
  {
    winnerId: nullable(
      slug('winnerId', 'ana-silva'),
      { default: 'winnerId must be an athlete id or null', pattern: 'winnerId must match [a-z0-9-]{1,64}' },
      'One of the two athletes; null exactly when method is DRAW',
    ),
    method: matchMethod('method'),
    completedAt: isoInstant('completedAt', '2026-11-22T18:00:00Z'),
  },
  ['winnerId', 'method', 'completedAt'],
);

export interface MatchResultBody {
  winnerId: string | null;
  method: MatchMethod;
  completedAt: string;
}

export function resultValuesOf(body: MatchResultBody): ResultValues {
  return { winnerId: body.winnerId, method: body.method, completedAt: new Date(body.completedAt) };
}
