import { ResourceNotFoundError } from './command-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG = /^[a-z0-9-]{1,64}$/;

/**
 * Ids taken from a path name a resource or nothing: an id that cannot exist (not a UUID,
 * not a slug, a NUL byte, a lone surrogate) answers 404 at once and never reaches
 * Postgres, which would refuse it as malformed input rather than answer "not found".
 */
export function matchIdFromPath(id: string): string {
  if (!UUID.test(id)) throw new ResourceNotFoundError('match', id);
  return id.toLowerCase();
}

export function athleteIdFromPath(id: string): string {
  if (!SLUG.test(id)) throw new ResourceNotFoundError('athlete', id);
  return id;
}
