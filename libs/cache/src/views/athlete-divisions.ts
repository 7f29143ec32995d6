import type { RedisStore } from '../redis-client';
import { cacheKeys } from '../keys';

/**
 * athleteId → divisionId for the reader, cached in the process: an athlete never changes
 * division, so an entry never goes stale, and a warm athlete page is one round trip.
 * Bounded (oldest first out); unknown athletes are not cached (they may register).
 */
export class AthleteDivisions {
  private readonly known = new Map<string, string>();

  constructor(
    private readonly redis: RedisStore,
    private readonly prefix: string,
    private readonly capacity = 200_000,
  ) {}

  async divisionOf(athleteId: string): Promise<string | null> {
    const cached = this.known.get(athleteId);
    if (cached !== undefined) return cached;
    const divisionId = await this.redis.hget(cacheKeys(this.prefix).athleteDivisions, athleteId);
    if (divisionId === null) return null;
    this.known.set(athleteId, divisionId);
    if (this.known.size > this.capacity) this.known.delete(this.known.keys().next().value as string);
    return divisionId;
  }
}
