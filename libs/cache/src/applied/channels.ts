/**
 * Pub/sub channels the projectors publish on after each stored batch. Published by the
 * same script that stores the batch (Redis projection) or right after the markers were
 * stored (other projections), so a subscriber that hears a message can read its effect.
 */

/** Payload: AppliedNotification. One message per division per stored batch. */
export function appliedChannel(prefix: string): string {
  return `${prefix}applied`;
}

export interface AppliedNotification {
  projection: string;
  divisionId: string;
  eventIds: string[];
}

/** Payload: LeaderboardChanged. Published when a batch changed the division's top 100. */
export function leaderboardChangedChannel(prefix: string): string {
  return `${prefix}leaderboard-changed`;
}

export interface LeaderboardChanged {
  divisionId: string;
  /** Increases with every change of the division's leaderboard (per generation). */
  version: number;
}

export function parseAppliedNotification(message: string): AppliedNotification | null {
  try {
    const parsed = JSON.parse(message) as Partial<AppliedNotification>;
    if (typeof parsed.projection !== 'string' || typeof parsed.divisionId !== 'string') return null;
    // Lua's cjson encodes an empty array as {}.
    const eventIds = Array.isArray(parsed.eventIds) ? parsed.eventIds.filter((id): id is string => typeof id === 'string') : [];
    return { projection: parsed.projection, divisionId: parsed.divisionId, eventIds };
  } catch {
    return null;
  }
}

export function parseLeaderboardChanged(message: string): LeaderboardChanged | null {
  try {
    const parsed = JSON.parse(message) as Partial<LeaderboardChanged>;
    if (typeof parsed.divisionId !== 'string' || typeof parsed.version !== 'number') return null;
    return { divisionId: parsed.divisionId, version: parsed.version };
  } catch {
    return null;
  }
}
